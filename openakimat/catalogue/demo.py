# ruff: noqa: E501 -- a data table, one service per block, easier to review unwrapped
"""The demonstration register of public services (docs/demo-data.md, "Public services").

From the domain notes (the register, order No. 39/НҚ of 31.01.2020): which services, their
department, legal terms and fees. INVENTED: the register codes, the descriptions and results
(simplified), the lists of required documents and the online channel flags. Terms given in the
notes as "up to 1 month" are stored as 30 calendar days.
"""

from decimal import Decimal

from .models import TermUnit
from .services import DocumentSpec

WD, CD, MIN = TermUnit.WORKING_DAYS, TermUnit.CALENDAR_DAYS, TermUnit.MINUTES

LEGAL_BASIS = {
    "legal_basis_en": "Register of public services, order No. 39/НҚ of 31 January 2020",
    "legal_basis_ru": "Реестр государственных услуг, приказ № 39/НҚ от 31 января 2020 года",
    "legal_basis_kk": "Мемлекеттік көрсетілетін қызметтер тізілімі, 2020 жылғы 31 қаңтардағы № 39/НҚ бұйрық",
}

# Shown with an empty fee: the register sets no fixed amount here.
STATE_DUTY = (
    "State duty as set by the Tax Code",
    "Государственная пошлина по Налоговому кодексу",
    "Салық кодексіне сәйкес мемлекеттік баж",
)
NOT_STATED = (
    "The register states no fee; ask at the front office",
    "Плата в реестре не указана; уточните во фронт-офисе",
    "Тізілімде ақы көрсетілмеген; фронт-офистен біліңіз",
)
CADASTRAL_PLAN = (
    "The service is free; the land-cadastral plan is paid for separately",
    "Услуга бесплатна; земельно-кадастровый план оплачивается отдельно",
    "Қызмет тегін; жер-кадастрлық жоспар бөлек төленеді",
)

# What each kind of department does, for the descriptions (INVENTED, simplified).
DESCRIPTIONS = {
    "civil_registry": (
        "The civil registry office records this act of civil status and issues the document.",
        "Отдел регистрации актов гражданского состояния регистрирует акт и выдает документ.",
        "Азаматтық хал актілерін тіркеу бөлімі актіні тіркейді және құжат береді.",
    ),
    "education": (
        "The education department accepts the application and decides on it.",
        "Отдел образования принимает заявление и принимает по нему решение.",
        "Білім бөлімі өтінішті қабылдайды және ол бойынша шешім қабылдайды.",
    ),
    "employment": (
        "The employment and social programmes department checks the documents and decides.",
        "Отдел занятости и социальных программ проверяет документы и принимает решение.",
        "Жұмыспен қамту және әлеуметтік бағдарламалар бөлімі құжаттарды тексереді және шешім қабылдайды.",
    ),
    "housing": (
        "The housing and communal services department checks the documents and decides.",
        "Отдел жилищно-коммунального хозяйства проверяет документы и принимает решение.",
        "Тұрғын үй-коммуналдық шаруашылық бөлімі құжаттарды тексереді және шешім қабылдайды.",
    ),
    "construction": (
        "The construction department reviews the documents and issues its decision.",
        "Отдел строительства рассматривает документы и выдает решение.",
        "Құрылыс бөлімі құжаттарды қарайды және шешім береді.",
    ),
    "agriculture": (
        "The agriculture and land relations department reviews the application and decides.",
        "Отдел сельского хозяйства и земельных отношений рассматривает заявление и принимает решение.",
        "Ауыл шаруашылығы және жер қатынастары бөлімі өтінішті қарайды және шешім қабылдайды.",
    ),
}

# Required documents (INVENTED, simplified). Identity is checked at the desk, never collected.
APPLICATION = DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf")
DUTY_RECEIPT = DocumentSpec(
    "Receipt of the paid state duty",
    "Квитанция об оплате государственной пошлины",
    "Мемлекеттік баждың төленгені туралы түбіртек",
    True,
    "pdf,jpg,png",
)
BIRTH_CERTIFICATE = DocumentSpec(
    "Child's birth certificate", "Свидетельство о рождении ребенка", "Баланың туу туралы куәлігі", True, "pdf,jpg,png"
)
MARRIAGE_CERTIFICATE = DocumentSpec(
    "Marriage certificate", "Свидетельство о заключении брака", "Неке қию туралы куәлік", True, "pdf,jpg,png"
)
INCOME = DocumentSpec(
    "Documents on the family's income",
    "Сведения о доходах семьи",
    "Отбасының табысы туралы мәліметтер",
    True,
    "pdf,jpg,png",
)
TITLE_DEED = DocumentSpec(
    "Title document for the property",
    "Правоустанавливающий документ на недвижимость",
    "Жылжымайтын мүлікке құқық белгілейтін құжат",
    True,
    "pdf,jpg,png",
)
LAND_DEED = DocumentSpec(
    "Title document for the land plot",
    "Правоустанавливающий документ на земельный участок",
    "Жер учаскесіне құқық белгілейтін құжат",
    True,
    "pdf,jpg,png",
)
PLAN = DocumentSpec(
    "Site plan or scheme", "Ситуационная схема (план) участка", "Учаскенің ситуациялық сызбасы", True, "pdf,jpg,png,dwg"
)
PRIORITY = DocumentSpec(
    "Document confirming a priority right",
    "Документ, подтверждающий право на льготу",
    "Жеңілдікке құқығын растайтын құжат",
    False,
    "pdf,jpg,png",
)
INVOICES = DocumentSpec(
    "Invoices and payment documents for the purchase",
    "Счета-фактуры и платежные документы на покупку",
    "Сатып алуға арналған шот-фактуралар және төлем құжаттары",
    True,
    "pdf,jpg,png",
)


def _doc(en: str, ru: str, kk: str, mandatory: bool = True, file_types: str = "pdf,jpg,png") -> DocumentSpec:
    return DocumentSpec(en, ru, kk, mandatory, file_types)


# (code INVENTED, department kind, en, ru, kk, (term value, unit), extended term
#  (value, unit, condition en/ru/kk) or None, fee (None: see the note), fee note, online,
#  result en/ru/kk, documents)
SERVICES = [
    (
        "ZAGS-01",
        "civil_registry",
        "State registration of birth",
        "Государственная регистрация рождения ребенка",
        "Баланың тууын мемлекеттік тіркеу",
        (1, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Birth certificate", "Свидетельство о рождении", "Туу туралы куәлік"),
        [
            APPLICATION,
            _doc(
                "Medical certificate of birth", "Медицинское свидетельство о рождении", "Туу туралы медициналық куәлік"
            ),
            _doc(
                "Parents' marriage certificate",
                "Свидетельство о браке родителей",
                "Ата-ананың неке қию туралы куәлігі",
                False,
            ),
        ],
    ),
    (
        "ZAGS-02",
        "civil_registry",
        "State registration of marriage",
        "Государственная регистрация заключения брака (супружества)",
        "Неке (ерлі-зайыптылық) қиюды мемлекеттік тіркеу",
        (30, CD),
        None,
        Decimal(3450),
        None,
        False,
        ("Marriage certificate", "Свидетельство о заключении брака", "Неке қию туралы куәлік"),
        [
            DocumentSpec(
                "Joint application of the couple",
                "Совместное заявление лиц, вступающих в брак",
                "Некеге тұратын адамдардың бірлескен өтініші",
                True,
                "pdf",
            ),
            DUTY_RECEIPT,
            _doc(
                "Document ending a previous marriage",
                "Документ о прекращении предыдущего брака",
                "Алдыңғы некенің тоқтатылғаны туралы құжат",
                False,
            ),
        ],
    ),
    (
        "ZAGS-03",
        "civil_registry",
        "Dissolution of marriage by mutual consent",
        "Государственная регистрация расторжения брака (супружества) по взаимному согласию",
        "Ерлі-зайыптылардың өзара келісімі бойынша некені (ерлі-зайыптылықты) бұзуды мемлекеттік тіркеу",
        (30, CD),
        None,
        Decimal(6900),
        None,
        False,
        ("Certificate of divorce", "Свидетельство о расторжении брака", "Некені бұзу туралы куәлік"),
        [
            DocumentSpec(
                "Joint application of the spouses",
                "Совместное заявление супругов",
                "Ерлі-зайыптылардың бірлескен өтініші",
                True,
                "pdf",
            ),
            MARRIAGE_CERTIFICATE,
            DUTY_RECEIPT,
        ],
    ),
    (
        "ZAGS-04",
        "civil_registry",
        "State registration of death",
        "Государственная регистрация смерти",
        "Қайтыс болуды мемлекеттік тіркеу",
        (1, WD),
        (
            30,
            CD,
            "when requests to other state bodies are needed",
            "при необходимости запросов в другие государственные органы",
            "басқа мемлекеттік органдарға сұрау салу қажет болғанда",
        ),
        Decimal(0),
        None,
        False,
        ("Death certificate", "Свидетельство о смерти", "Қайтыс болу туралы куәлік"),
        [
            APPLICATION,
            _doc(
                "Medical certificate of death",
                "Медицинское свидетельство о смерти",
                "Қайтыс болу туралы медициналық куәлік",
            ),
        ],
    ),
    (
        "ZAGS-05",
        "civil_registry",
        "Corrections and changes to civil records, including change of name",
        "Внесение изменений, исправлений и дополнений в записи актов гражданского состояния, в том числе перемена имени",
        "Азаматтық хал актілерінің жазбаларына өзгерістер, түзетулер мен толықтырулар енгізу, оның ішінде атын өзгерту",
        (30, CD),
        None,
        Decimal(1725),
        None,
        False,
        ("Corrected civil-status certificate", "Исправленное свидетельство", "Түзетілген куәлік"),
        [
            APPLICATION,
            _doc("Certificate to be corrected", "Свидетельство, подлежащее исправлению", "Түзетілетін куәлік"),
            DUTY_RECEIPT,
            _doc(
                "Documents supporting the change",
                "Документы, подтверждающие основание изменения",
                "Өзгерістің негізін растайтын құжаттар",
                False,
            ),
        ],
    ),
    (
        "ZAGS-06",
        "civil_registry",
        "Repeat civil-status certificates",
        "Выдача повторных свидетельств или справок о регистрации актов гражданского состояния",
        "Азаматтық хал актілерін тіркеу туралы қайталама куәліктер немесе анықтамалар беру",
        (1, WD),
        None,
        None,
        STATE_DUTY,
        True,
        ("Repeat certificate or reference", "Повторное свидетельство или справка", "Қайталама куәлік немесе анықтама"),
        [APPLICATION, DUTY_RECEIPT],
    ),
    (
        "EDU-01",
        "education",
        "Kindergarten queue registration for children up to 6",
        "Постановка на очередь детей дошкольного возраста (до 6 лет) для направления в детские дошкольные организации",
        "Мектепке дейінгі (6 жасқа дейінгі) балаларды мектепке дейінгі ұйымдарға жіберу үшін кезекке қою",
        (30, MIN),
        None,
        Decimal(0),
        None,
        True,
        ("Place in the kindergarten queue", "Место в очереди в детский сад", "Балабақшаға кезектегі орын"),
        [APPLICATION, BIRTH_CERTIFICATE, PRIORITY],
    ),
    (
        "EDU-02",
        "education",
        "Admission to the first grade",
        "Прием документов и зачисление в первый класс",
        "Бірінші сыныпқа құжаттарды қабылдау және оқуға қабылдау",
        (5, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Enrolment in the first grade", "Зачисление в первый класс", "Бірінші сыныпқа қабылдау"),
        [
            APPLICATION,
            BIRTH_CERTIFICATE,
            _doc("Child's health record", "Медицинская карта ребенка", "Баланың медициналық картасы"),
        ],
    ),
    (
        "EDU-03",
        "education",
        "Free and reduced school meals",
        "Предоставление бесплатного и льготного питания отдельным категориям обучающихся",
        "Білім алушылардың жекелеген санаттарына тегін және жеңілдетілген тамақ беру",
        (5, WD),
        None,
        Decimal(0),
        None,
        False,
        (
            "Free or reduced meals at school",
            "Бесплатное или льготное питание в школе",
            "Мектепте тегін немесе жеңілдетілген тамақ",
        ),
        [APPLICATION, INCOME, PRIORITY],
    ),
    (
        "EDU-04",
        "education",
        "Free transport to school for remote villages",
        "Бесплатный подвоз к школе и обратно детям из отдаленных сел",
        "Шалғай ауылдардағы балаларды мектепке және кері тегін тасымалдау",
        (5, WD),
        None,
        Decimal(0),
        None,
        False,
        ("A place on the school bus", "Место в школьном автобусе", "Мектеп автобусындағы орын"),
        [APPLICATION, _doc("Certificate from the school", "Справка с места учебы", "Оқу орнынан анықтама")],
    ),
    (
        "EDU-05",
        "education",
        "Guardianship over orphans and children left without parental care",
        "Установление опеки или попечительства над ребенком-сиротой и ребенком, оставшимся без попечения родителей",
        "Жетім балаға және ата-анасының қамқорлығынсыз қалған балаға қорғаншылық немесе қамқоршылық белгілеу",
        (19, WD),
        None,
        Decimal(0),
        None,
        False,
        ("Decision on guardianship", "Решение об установлении опеки", "Қорғаншылық белгілеу туралы шешім"),
        [
            APPLICATION,
            BIRTH_CERTIFICATE,
            _doc(
                "Medical report on the guardian's health",
                "Медицинское заключение о здоровье опекуна",
                "Қорғаншының денсаулығы туралы медициналық қорытынды",
            ),
        ],
    ),
    (
        "EDU-06",
        "education",
        "Allowance to guardians of orphans",
        "Назначение выплаты пособия опекунам на содержание ребенка-сироты и ребенка, оставшегося без попечения родителей",
        "Жетім баланы және ата-анасының қамқорлығынсыз қалған баланы асырап-бағуға қорғаншыларға жәрдемақы тағайындау",
        (1, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Decision on the allowance", "Решение о назначении пособия", "Жәрдемақы тағайындау туралы шешім"),
        [
            APPLICATION,
            _doc("Decision on guardianship", "Решение об установлении опеки", "Қорғаншылық белгілеу туралы шешім"),
            _doc("Bank account details", "Реквизиты банковского счета", "Банк шотының деректемелері"),
        ],
    ),
    (
        "EMP-01",
        "employment",
        "Registration of job seekers",
        "Регистрация лиц, ищущих работу",
        "Жұмыс іздейтін адамдарды тіркеу",
        (1, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Registration as a job seeker", "Регистрация в качестве ищущего работу", "Жұмыс іздеуші ретінде тіркеу"),
        [APPLICATION, _doc("Education certificate", "Документ об образовании", "Білімі туралы құжат", False)],
    ),
    (
        "EMP-02",
        "employment",
        "Registration as unemployed",
        "Регистрация в качестве безработного",
        "Жұмыссыз ретінде тіркеу",
        (10, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Registration as unemployed", "Регистрация в качестве безработного", "Жұмыссыз ретінде тіркеу"),
        [
            APPLICATION,
            _doc(
                "Employment record", "Трудовая книжка или трудовой договор", "Еңбек кітапшасы немесе еңбек шарты", False
            ),
        ],
    ),
    (
        "EMP-03",
        "employment",
        "Targeted social assistance",
        "Назначение адресной социальной помощи",
        "Атаулы әлеуметтік көмек тағайындау",
        (15, WD),
        (
            18,
            WD,
            "when applying through the akim of a village or rural okrug; with requests to other state bodies the term grows by 30 calendar days",
            "при подаче через акима села или сельского округа; при запросах в другие государственные органы срок продлевается на 30 календарных дней",
            "ауыл немесе ауылдық округ әкімі арқылы берілгенде; басқа мемлекеттік органдарға сұрау салғанда мерзім 30 күнтізбелік күнге ұзартылады",
        ),
        Decimal(0),
        None,
        True,
        ("Decision on assistance", "Решение о назначении помощи", "Көмек тағайындау туралы шешім"),
        [
            APPLICATION,
            INCOME,
            _doc("Bank account details", "Реквизиты банковского счета", "Банк шотының деректемелері"),
        ],
    ),
    (
        "EMP-04",
        "employment",
        "Social assistance to categories set by the maslikhat",
        "Оказание социальной помощи отдельным категориям нуждающихся граждан по решениям маслихата",
        "Мәслихат шешімдері бойынша мұқтаж азаматтардың жекелеген санаттарына әлеуметтік көмек көрсету",
        (8, WD),
        (20, WD, "if the documents are incomplete", "если документы неполные", "құжаттар толық болмаса"),
        Decimal(0),
        None,
        False,
        ("Decision on assistance", "Решение о назначении помощи", "Көмек тағайындау туралы шешім"),
        [
            APPLICATION,
            PRIORITY,
            _doc("Bank account details", "Реквизиты банковского счета", "Банк шотының деректемелері"),
        ],
    ),
    (
        "HOUS-01",
        "housing",
        "Housing queue for those in need of housing",
        "Постановка на учет граждан, нуждающихся в жилище из государственного жилищного фонда",
        "Мемлекеттік тұрғын үй қорынан тұрғын үйге мұқтаж азаматтарды есепке қою",
        (1, WD),
        (
            3,
            WD,
            "if the applicant's only dwelling is in an emergency state",
            "если единственное жилье заявителя в аварийном состоянии",
            "өтініш берушінің жалғыз тұрғын үйі апатты жағдайда болса",
        ),
        Decimal(0),
        None,
        True,
        ("Place in the housing queue", "Место в очереди на жилье", "Тұрғын үй кезегіндегі орын"),
        [APPLICATION, INCOME, PRIORITY],
    ),
    (
        "HOUS-02",
        "housing",
        "Housing aid",
        "Назначение жилищной помощи",
        "Тұрғын үй көмегін тағайындау",
        (6, WD),
        None,
        Decimal(0),
        None,
        True,
        (
            "Decision on housing aid",
            "Решение о назначении жилищной помощи",
            "Тұрғын үй көмегін тағайындау туралы шешім",
        ),
        [
            APPLICATION,
            INCOME,
            _doc(
                "Utility bills for the last month",
                "Счета за коммунальные услуги за последний месяц",
                "Соңғы айдағы коммуналдық қызметтер шоттары",
            ),
        ],
    ),
    (
        "HOUS-03",
        "housing",
        "Privatisation of dwellings from state stock",
        "Приватизация жилищ из государственного жилищного фонда",
        "Мемлекеттік тұрғын үй қорынан тұрғын үйлерді жекешелендіру",
        (30, CD),
        None,
        None,
        NOT_STATED,
        False,
        ("Privatisation contract", "Договор приватизации", "Жекешелендіру шарты"),
        [APPLICATION, _doc("Tenancy agreement", "Договор найма жилища", "Тұрғын үйді жалдау шарты")],
    ),
    (
        "CONS-01",
        "construction",
        "Architectural-planning assignment (APZ) and technical conditions",
        "Выдача архитектурно-планировочного задания (АПЗ) и технических условий",
        "Сәулет-жоспарлау тапсырмасын (СЖТ) және техникалық шарттарды беру",
        (6, WD),
        (
            15,
            WD,
            "for technically complex objects",
            "для технически сложных объектов",
            "техникалық күрделі объектілер үшін",
        ),
        Decimal(0),
        None,
        True,
        ("Architectural-planning assignment", "Архитектурно-планировочное задание", "Сәулет-жоспарлау тапсырмасы"),
        [APPLICATION, LAND_DEED, PLAN],
    ),
    (
        "CONS-02",
        "construction",
        "Approval of a sketch design",
        "Согласование эскиза (эскизного проекта)",
        "Эскизді (эскиздік жобаны) келісу",
        (10, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Approved sketch design", "Согласованный эскизный проект", "Келісілген эскиздік жоба"),
        [APPLICATION, _doc("Sketch design", "Эскизный проект", "Эскиздік жоба", True, "pdf,dwg")],
    ),
    (
        "CONS-03",
        "construction",
        "Decision on reconstruction or re-planning of premises",
        "Решение на реконструкцию (перепланировку, переоборудование) помещений",
        "Үй-жайларды реконструкциялауға (қайта жоспарлауға, қайта жабдықтауға) шешім беру",
        (15, WD),
        None,
        Decimal(0),
        None,
        False,
        ("Decision on reconstruction", "Решение о реконструкции", "Реконструкциялау туралы шешім"),
        [
            APPLICATION,
            TITLE_DEED,
            _doc("Re-planning project", "Проект перепланировки", "Қайта жоспарлау жобасы", True, "pdf,dwg"),
            _doc("Consent of co-owners", "Согласие сособственников", "Ортақ меншік иелерінің келісімі", False),
        ],
    ),
    (
        "CONS-04",
        "construction",
        "Address reference for real estate",
        "Выдача справки по определению адреса объектов недвижимости",
        "Жылжымайтын мүлік объектілерінің мекенжайын анықтау туралы анықтама беру",
        (1, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Address reference", "Справка об адресе", "Мекенжай туралы анықтама"),
        [APPLICATION, TITLE_DEED],
    ),
    (
        "CONS-05",
        "construction",
        "Provision of a land plot for construction in a settlement",
        "Предоставление земельного участка для строительства в черте населенного пункта",
        "Елді мекен шегінде құрылыс салу үшін жер учаскесін беру",
        (28, WD),
        (
            22,
            WD,
            "the service has two stages: 28 working days for the first, then up to 22 working days for the second, after the land-cadastral plan",
            "услуга оказывается в два этапа: 28 рабочих дней на первый, затем до 22 рабочих дней на второй, после земельно-кадастрового плана",
            "қызмет екі кезеңде көрсетіледі: біріншісіне 28 жұмыс күні, жер-кадастрлық жоспардан кейін екіншісіне 22 жұмыс күніне дейін",
        ),
        None,
        CADASTRAL_PLAN,
        False,
        ("Decision on the land plot", "Решение о предоставлении земельного участка", "Жер учаскесін беру туралы шешім"),
        [APPLICATION, PLAN, _doc("Land-cadastral plan", "Земельно-кадастровый план", "Жер-кадастрлық жоспар", False)],
    ),
    (
        "AGRO-01",
        "agriculture",
        "Approval of land-management projects",
        "Утверждение землеустроительных проектов",
        "Жерге орналастыру жобаларын бекіту",
        (4, WD),
        None,
        Decimal(0),
        None,
        False,
        (
            "Approved land-management project",
            "Утвержденный землеустроительный проект",
            "Бекітілген жерге орналастыру жобасы",
        ),
        [
            APPLICATION,
            _doc("Land-management project", "Землеустроительный проект", "Жерге орналастыру жобасы", True, "pdf,dwg"),
        ],
    ),
    (
        "AGRO-02",
        "agriculture",
        "Permission to use a land plot for surveys",
        "Выдача разрешения на использование земельного участка для изыскательских работ",
        "Іздестіру жұмыстары үшін жер учаскесін пайдалануға рұқсат беру",
        (10, WD),
        None,
        Decimal(0),
        None,
        False,
        ("Permission for surveys", "Разрешение на изыскательские работы", "Іздестіру жұмыстарына рұқсат"),
        [APPLICATION, PLAN],
    ),
    (
        "AGRO-03",
        "agriculture",
        "Change of a land plot's designated purpose",
        "Изменение целевого назначения земельного участка",
        "Жер учаскесінің нысаналы мақсатын өзгерту",
        (30, CD),
        None,
        Decimal(0),
        None,
        False,
        (
            "Decision on the new designated purpose",
            "Решение об изменении целевого назначения",
            "Нысаналы мақсатын өзгерту туралы шешім",
        ),
        [APPLICATION, LAND_DEED],
    ),
    (
        "AGRO-04",
        "agriculture",
        "Veterinary certificate for moved animals and products",
        "Выдача ветеринарной справки на перемещаемых животных и продукцию",
        "Орны ауыстырылатын жануарларға және өнімдерге ветеринариялық анықтама беру",
        (2, WD),
        None,
        None,
        NOT_STATED,
        False,
        ("Veterinary certificate", "Ветеринарная справка", "Ветеринариялық анықтама"),
        [
            APPLICATION,
            _doc(
                "Animal identification numbers",
                "Идентификационные номера животных",
                "Жануарлардың сәйкестендіру нөмірлері",
            ),
        ],
    ),
    (
        "AGRO-05",
        "agriculture",
        "Subsidies for fertilisers",
        "Субсидирование стоимости удобрений",
        "Тыңайтқыштардың құнын субсидиялау",
        (6, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Subsidy paid to the farm's account", "Субсидия на счет хозяйства", "Шаруашылық шотына субсидия"),
        [APPLICATION, INVOICES],
    ),
    (
        "AGRO-06",
        "agriculture",
        "Crop subsidies: priority crops, seeds and pesticides",
        "Субсидирование растениеводства: приоритетные культуры, семена и пестициды",
        "Өсімдік шаруашылығын субсидиялау: басым дақылдар, тұқымдар және пестицидтер",
        (10, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Subsidy paid to the farm's account", "Субсидия на счет хозяйства", "Шаруашылық шотына субсидия"),
        [APPLICATION, INVOICES, _doc("Sown area report", "Отчет о посевных площадях", "Егіс алқаптары туралы есеп")],
    ),
    (
        "AGRO-07",
        "agriculture",
        "Livestock breeding subsidies",
        "Субсидирование развития племенного животноводства",
        "Асыл тұқымды мал шаруашылығын дамытуды субсидиялау",
        (10, WD),
        None,
        Decimal(0),
        None,
        True,
        ("Subsidy paid to the farm's account", "Субсидия на счет хозяйства", "Шаруашылық шотына субсидия"),
        [APPLICATION, INVOICES, _doc("Breeding certificates", "Племенные свидетельства", "Асыл тұқымдық куәліктер")],
    ),
]


def service_fields(row: tuple) -> tuple[str, dict, list[DocumentSpec]]:
    """The code, the register fields and the documents of one row of `SERVICES`."""
    code, kind, en, ru, kk, (value, unit), extended, fee, fee_note, online, result, documents = row
    desc_en, desc_ru, desc_kk = DESCRIPTIONS[kind]
    fields = {
        "department_kind": kind,
        "name_en": en,
        "name_ru": ru,
        "name_kk": kk,
        "description_en": desc_en,
        "description_ru": desc_ru,
        "description_kk": desc_kk,
        "result_en": result[0],
        "result_ru": result[1],
        "result_kk": result[2],
        "term_value": value,
        "term_unit": unit,
        "extended_term_value": extended[0] if extended else None,
        "extended_term_unit": extended[1] if extended else "",
        "extended_condition_en": extended[2] if extended else "",
        "extended_condition_ru": extended[3] if extended else "",
        "extended_condition_kk": extended[4] if extended else "",
        "fee": fee,
        "fee_note_en": fee_note[0] if fee_note else "",
        "fee_note_ru": fee_note[1] if fee_note else "",
        "fee_note_kk": fee_note[2] if fee_note else "",
        "at_desk": True,
        "online": online,
        "is_active": True,
        **LEGAL_BASIS,
    }
    return code, fields, documents


def load(actor, akimat) -> None:
    """Write the register and offer every service at the akimat's department of its kind. Writes
    only what is new or different: loading again changes nothing."""
    from openakimat.territory.models import Department

    from .models import PublicService, ServiceOffering
    from .services import public_service_create, public_service_update, service_offer

    departments = {d.kind: d for d in Department.objects.filter(akimat=akimat)}
    for row in SERVICES:
        code, fields, documents = service_fields(row)
        existing = PublicService.objects.filter(code=code).first()
        if existing is None:
            service = public_service_create(actor=actor, code=code, documents=documents, **fields)
        else:
            service = public_service_update(actor=actor, service=existing, documents=documents, **fields)
        department = departments.get(fields["department_kind"])
        if department and not ServiceOffering.objects.filter(service=service, department=department).exists():
            service_offer(actor=actor, service=service, department=department)
