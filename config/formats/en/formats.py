"""English as read in Italy: the day never after the month ("5 Dec 2026", or ISO when short).

Django's English puts the month first ("12/05/2026"), which an Italian colleague reads as 12 May.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
