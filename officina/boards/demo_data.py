"""What the demo boards hold: for each pilot team its board, lanes, labels and cards, as data.

`demo.py` builds them through the services, so every card gets a real history.
"""

from dataclasses import dataclass

from officina.boards.models import Board, Label, WorkItem
from officina.organisations.demo import TEAM_EDUCATRICI, TEAM_SIA, TEAM_SPORTELLO

STANDARD, URGENT = WorkItem.ClassOfService.STANDARD, WorkItem.ClassOfService.URGENT
FIXED, INTANGIBLE = WorkItem.ClassOfService.FIXED_DATE, WorkItem.ClassOfService.INTANGIBLE


@dataclass(frozen=True)
class CardSpec:
    """A demo card and where it ends up; `people` index the board's people (0 = demo account).

    `path` lists the columns it passes through after the first (default: each one up to
    `column`); `comment` may name `{mention}`, the handle of the first person not assigned.
    """

    title: str
    column: int = 0
    lane: int = 0
    labels: tuple[str, ...] = ()
    people: tuple[int, ...] = ()
    due_in: int | None = None
    estimate: int | None = None
    service: str = STANDARD
    blocked: str = ""
    comment: str = ""
    path: tuple[int, ...] | None = None
    archived: bool = False
    ready: bool = False  # finished in its (split) column, waiting to be pulled on


@dataclass(frozen=True)
class BoardSpec:
    team: str
    name: str
    template: str
    description: str
    visibility: str
    lanes: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    cards: tuple[CardSpec, ...]
    lead_account: str = ""  # the demo account listed first among the board's people
    split_columns: tuple[int, ...] = ()  # columns with an "in progress" and a "ready" part


C = CardSpec

SIA_BOARD = BoardSpec(
    team=TEAM_SIA,
    name="Attività SIA",
    template="kanban-base",
    description="Infrastruttura, applicativi e supporto ai Comuni dell'Unione.",
    visibility=Board.Visibility.ORGANISATION,
    lanes=("Infrastruttura", "Applicativi", "Supporto ai Comuni"),
    labels=(
        ("Sicurezza", Label.Colour.RED),
        ("Rete", Label.Colour.BLUE),
        ("PNRR", Label.Colour.GREEN),
        ("Privacy", Label.Colour.PURPLE),
        ("Manutenzione", Label.Colour.GREY),
        ("Cittadini", Label.Colour.TEAL),
    ),
    lead_account="lead",
    split_columns=(1,),
    cards=(
        C("Rinnovo certificato SSL del portale", 1, 0, ("Sicurezza",), (0,), due_in=5, ready=True),
        C("Aggiornamento firmware del firewall perimetrale", 0, 0, ("Sicurezza", "Rete"), (2,)),
        C(
            "Sostituzione switch della sala server di Scandiano",
            1,
            0,
            ("Rete",),
            (3,),
            blocked="In attesa della consegna del fornitore (ordine MePA n. 4471).",
        ),
        C("Backup immutabile su storage secondario", 2, 0, ("Sicurezza",), (2, 3), estimate=5),
        C(
            "Migrazione delle caselle PEC al nuovo gestore",
            1,
            0,
            (),
            (0, 4),
            due_in=10,
            comment="Ho chiesto al gestore le finestre di migrazione, @{mention} ci sei giovedì?",
        ),
        C("Dismissione del server Windows 2012 dell'anagrafe", 0, 0, ("Manutenzione",), (3,)),
        C("Verifica mensile del ripristino dei backup", 2, 0, ("Manutenzione",), (4,)),
        C("Rinnovo licenze antivirus delle postazioni", 2, 0, ("Sicurezza",), (5,), archived=True),
        C("Configurazione VPN per il lavoro agile", 2, 0, ("Rete",), (0,)),
        C("Monitoraggio spazio disco del NAS del protocollo", 0, 0, ("Manutenzione",)),
        C("Piano di continuità operativa e disaster recovery", 0, 0, (), (0,), estimate=8),
        C(
            "Integrazione pagoPA per i servizi scolastici",
            1,
            1,
            ("PNRR", "Cittadini"),
            (0, 2),
            due_in=14,
            estimate=5,
        ),
        C("Adesione ad ANPR: allineamento degli indirizzi", 2, 1, ("PNRR",), (4,)),
        C(
            "Nuovo sito istituzionale sul modello Comuni di Designers Italia",
            1,
            1,
            ("PNRR", "Cittadini"),
            (5, 2),
            estimate=13,
            comment="Bozza dell'alberatura pronta: @{mention} la guardi prima della riunione?",
        ),
        C("Attivazione di SPID e CIE sul portale dei servizi", 2, 1, ("PNRR", "Cittadini"), (2,)),
        C("Aggiornamento del gestionale del protocollo alla versione 2026", 0, 1, (), (3,), 21),
        C("App IO: avvisi di scadenza della TARI", 0, 1, ("PNRR", "Cittadini"), (5,)),
        C(
            "Registro dei trattamenti: aggiornare le schede del SIA",
            1,
            1,
            ("Privacy",),
            (0,),
            blocked="Serve il parere del DPO sulla base giuridica dei log di accesso.",
        ),
        C("Conservazione a norma: nuovo contratto", 0, 1, (), (0,), due_in=-3, service=FIXED),
        C("Piattaforma Digitale Nazionale Dati: pubblicare le API", 0, 1, ("PNRR",), (4,)),
        C("Nuove postazioni per l'ufficio tributi di Casalgrande", 1, 2, (), (6,), due_in=8),
        C("Stampanti multifunzione di Rubiera: rinnovo del noleggio", 0, 2, (), (), 30),
        C("Account e caselle per i nuovi assunti di gennaio", 2, 2, (), (6, 4)),
        C("Formazione sul phishing per i dipendenti", 0, 2, ("Sicurezza",), (0,), 35),
        C(
            "Wi-Fi della biblioteca di Scandiano non raggiungibile",
            2,
            2,
            ("Rete",),
            (3,),
            service=URGENT,
        ),
        C(
            "Telefonia VoIP di Viano: portabilità dei numeri",
            1,
            2,
            ("Rete",),
            (6,),
            blocked="Portabilità dei numeri non ancora confermata dall'operatore.",
        ),
        C("Abilitazioni al gestionale paghe per l'ufficio personale", 2, 2, ("Privacy",), (5,)),
        C(
            "Streaming delle sedute del consiglio comunale di Baiso",
            0,
            2,
            (),
            (2,),
            due_in=12,
            service=FIXED,
        ),
        C("Inventario delle postazioni dei Comuni", 0, 2, (), (), service=INTANGIBLE),
    ),
)

SPORTELLO_BOARD = BoardSpec(
    team=TEAM_SPORTELLO,
    name="Richieste dei cittadini",
    template="servizio-cittadino",
    description="Pratiche dello sportello unico: anagrafe, stato civile, protocollo.",
    visibility=Board.Visibility.ENTI,
    lanes=(),
    labels=(
        ("Accesso agli atti", Label.Colour.BLUE),
        ("Anagrafe", Label.Colour.GREEN),
        ("Stato civile", Label.Colour.PURPLE),
        ("Protocollo", Label.Colour.GREY),
        ("Cittadini stranieri", Label.Colour.ORANGE),
    ),
    cards=(
        C("Richiesta accesso agli atti prot. 1234", 1, 1, ("Accesso agli atti",), (0,), 12),
        C("Cambio di residenza da altro Comune (prot. 4512)", 1, 1, ("Anagrafe",), (1,), 20),
        C(
            "Carta d'identità elettronica a domicilio per persona allettata",
            1,
            0,
            ("Anagrafe",),
            (2,),
            due_in=2,
            service=URGENT,
        ),
        C("Certificato di stato di famiglia per pratica di successione", 3, 1, ("Anagrafe",), (3,)),
        C(
            "Pubblicazioni di matrimonio Ferretti–Bonacini",
            2,
            1,
            ("Stato civile",),
            (4,),
            due_in=20,
            service=FIXED,
            blocked="In attesa del nulla osta dal Comune di nascita.",
        ),
        C(
            "Iscrizione anagrafica di cittadina comunitaria",
            2,
            1,
            ("Anagrafe", "Cittadini stranieri"),
            (1,),
            blocked="Manca la documentazione sulle risorse economiche.",
            comment="Ho scritto alla cittadina per l'integrazione, @{mention} puoi verificare?",
        ),
        C(
            "Accesso civico generalizzato: spese di rappresentanza 2025",
            0,
            1,
            ("Accesso agli atti",),
        ),
        C(
            "Trascrizione di atto di nascita formato all'estero",
            1,
            1,
            ("Stato civile", "Cittadini stranieri"),
            (4,),
        ),
        C(
            "Riconoscimento della cittadinanza iure sanguinis",
            2,
            1,
            ("Stato civile", "Cittadini stranieri"),
            (4, 0),
            estimate=8,
            blocked="Attesa degli atti apostillati dal consolato.",
        ),
        C("Cancellazione per irreperibilità in via Roma 12", 1, 1, ("Anagrafe",), (5,)),
        C("Copia conforme della delibera di Giunta n. 45", 3, 1, ("Protocollo",), (6,)),
        C(
            "Richiesta accesso agli atti prot. 1302 (pratica edilizia)",
            0,
            1,
            ("Accesso agli atti",),
            (0,),
            due_in=25,
        ),
        C("Dichiarazione di convivenza di fatto", 3, 1, ("Anagrafe",), (2,)),
        C(
            "Carta d'identità urgente per espatrio",
            3,
            0,
            ("Anagrafe",),
            (3,),
            service=URGENT,
            archived=True,
        ),
        C(
            "Separazione consensuale davanti all'ufficiale di stato civile",
            1,
            1,
            ("Stato civile",),
            (4,),
            due_in=9,
            service=FIXED,
        ),
        C("Certificato storico di residenza per pratica pensionistica", 3, 1, ("Anagrafe",), (5,)),
        C("Autentica di firma per passaggio di proprietà di un veicolo", 3, 1, (), (1,)),
        C(
            "Protocollazione delle domande del bando contributi affitto",
            1,
            1,
            ("Protocollo",),
            (6, 7),
            due_in=6,
            comment="Arrivate altre 40 domande via PEC: @{mention} ci dividiamo il lavoro?",
        ),
        C("Reclamo per errata intestazione TARI da inoltrare ai Tributi", 0, 1, ("Protocollo",)),
        C("Consenso alla donazione di organi sulla CIE", 3, 1, ("Anagrafe",), (2,)),
        C(
            "Variazione d'indirizzo per la nuova via della lottizzazione Ca' Bianca",
            0,
            1,
            ("Anagrafe",),
            service=INTANGIBLE,
        ),
        C(
            "Richiesta accesso agli atti prot. 1377 (verbale di polizia locale)",
            0,
            1,
            ("Accesso agli atti",),
            due_in=28,
        ),
        C("Denuncia di morte e permesso di seppellimento", 3, 0, ("Stato civile",), (4,), None),
        C(
            "Aggiornamento dell'albo degli scrutatori",
            1,
            1,
            (),
            (5,),
            due_in=15,
            service=FIXED,
            path=(1, 2, 1),
        ),
        C("Rettifica delle generalità su atto di matrimonio", 2, 1, ("Stato civile",), (4,)),
        C(
            "Smarrimento della carta d'identità: rilascio del duplicato",
            0,
            0,
            ("Anagrafe",),
            (3,),
            due_in=1,
            service=URGENT,
        ),
    ),
)

EDUCATRICI_BOARD = BoardSpec(
    team=TEAM_EDUCATRICI,
    name="Progetto educativo 2026/27",
    template="kanban-base",
    description="Attività comuni dei nidi e delle scuole dell'infanzia di Scandiano e Casalgrande.",
    visibility=Board.Visibility.TEAM,
    lanes=(),
    labels=(
        ("Nido Girasole", Label.Colour.ORANGE),
        ("Infanzia Arcobaleno", Label.Colour.TEAL),
        ("Famiglie", Label.Colour.PURPLE),
        ("Formazione", Label.Colour.BLUE),
    ),
    lead_account="dipendente",
    cards=(
        C("Menù invernale nido Girasole", 1, 0, ("Nido Girasole",), (0,), due_in=7),
        C(
            "Inserimenti di gennaio: calendario dei colloqui con le famiglie",
            1,
            0,
            ("Famiglie",),
            (0, 2),
            due_in=4,
            comment="Ho messo le date in bacheca, @{mention} mi confermi il martedì?",
        ),
        C("Documentazione del progetto di educazione all'aperto", 0, 0, ("Infanzia Arcobaleno",)),
        C(
            "Ordine del materiale per l'atelier creativo",
            1,
            0,
            ("Nido Girasole",),
            (3,),
            blocked="Manca l'impegno di spesa dell'ufficio scuola.",
        ),
        C(
            "Festa di fine anno: liberatorie per le fotografie",
            0,
            0,
            ("Famiglie",),
            (1,),
            due_in=40,
            service=FIXED,
        ),
        C("Corso di primo soccorso pediatrico", 2, 0, ("Formazione",), (0, 1, 2)),
        C(
            "Incontro di rete con la neuropsichiatria infantile",
            1,
            0,
            (),
            (0,),
            due_in=3,
            comment="Preparo la relazione osservativa, @{mention} mi mandi le tue note?",
        ),
        C("Uscita didattica alla fattoria", 0, 0, ("Infanzia Arcobaleno",), (4,), due_in=18),
        C("Diete speciali: aggiornare le schede con la pediatria", 2, 0, ("Nido Girasole",), (0,)),
        C(
            "Osservazioni della sezione lattanti: griglie di sviluppo",
            1,
            0,
            ("Nido Girasole",),
            (5,),
        ),
        C("Laboratorio di lettura con la biblioteca", 2, 0, ("Infanzia Arcobaleno",), (6,)),
        C("Riunione di sezione con le famiglie", 2, 0, ("Famiglie",), (1,), archived=True),
        C("Progetto continuità nido–infanzia", 0, 0, (), (0, 4)),
        C("Cartelli bilingui per l'ingresso", 2, 0, ("Famiglie",), (3,)),
        C("Sanificazione dei giochi esterni dopo l'estate", 2, 0, (), (5,)),
        C(
            "Orto didattico: semina di primavera",
            0,
            0,
            ("Infanzia Arcobaleno",),
            service=INTANGIBLE,
        ),
        C("Questionario di gradimento per le famiglie", 0, 0, ("Famiglie",), (0,), due_in=25),
    ),
)

DEMO_BOARDS = (SIA_BOARD, SPORTELLO_BOARD, EDUCATRICI_BOARD)
