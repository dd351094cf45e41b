from officina.common.ranks import GAP, rank_between, spread


def test_a_row_between_two_takes_the_midpoint():
    assert rank_between(GAP, 3 * GAP) == 2 * GAP


def test_a_row_at_either_end_steps_one_gap_past_it():
    assert rank_between(5 * GAP, None) == 6 * GAP
    assert rank_between(None, GAP) == 0
    assert rank_between(None, None) == GAP


def test_touching_neighbours_ask_for_a_spread():
    assert rank_between(7, 8) is None
    assert rank_between(7, 9) == 8


def test_sixteen_halvings_fit_between_two_laid_out_rows():
    low, high = spread(2)
    for _ in range(16):
        middle = rank_between(low, high)
        assert middle is not None
        assert low < middle < high
        high = middle
    assert rank_between(low, high) is None
