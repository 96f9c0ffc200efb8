package corpus

// Real words. Function words come first in the vocabulary's ranking, as in
// real text, so stop-word removal and posting lengths behave as they do on
// real news; subject words are spread over the upper ranks, so the queries
// an analyst types (embassy, sanctions) have realistic frequencies.

var englishFunction = []string{
	"the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as",
	"his", "on", "be", "at", "by", "this", "had", "not", "are", "but", "from", "or", "have",
	"an", "they", "which", "one", "you", "were", "her", "all", "she", "there", "would", "their",
	"we", "him", "been", "has", "when", "who", "will", "more", "no", "if", "out", "so", "said",
	"what", "up", "its", "about", "into", "than", "them", "can", "only", "other", "new", "some",
	"could", "time", "these", "two", "may", "then", "do", "first", "any", "now", "such", "like",
	"our", "over", "even", "most", "made", "after", "also", "did", "many", "before", "must",
	"through", "back", "years", "where", "much", "way", "well", "down", "should", "because",
	"each", "just", "those", "people", "how", "too", "little", "state", "very", "make", "still",
	"own", "see", "work", "long", "get", "here", "between", "both", "being", "under", "never",
	"day", "same", "another", "know", "while", "last", "might", "us", "great", "old", "year",
	"off", "come", "since", "against", "go", "came", "right", "used", "take", "three", "week",
	"says", "told", "officials", "according", "however", "without", "again", "during", "several",
}

var englishSubject = []string{
	"embassy", "embassies", "talks", "negotiations", "negotiators", "negotiating", "negotiated",
	"delegation", "delegations", "sanctions", "sanctioned", "ceasefire", "ministry", "minister",
	"ministers", "foreign", "round", "rounds", "agreement", "agreements", "treaty", "treaties",
	"consulate", "consular", "diplomats", "diplomatic", "diplomacy", "envoy", "envoys", "summit",
	"proposal", "proposals", "security", "prisoners", "prisoner", "exchange", "exchanges", "grain",
	"corridor", "nuclear", "inspection", "inspectors", "mediation", "mediator", "mediators",
	"sovereignty", "territory", "territorial", "withdrawal", "troops", "border", "borders",
	"framework", "memorandum", "communique", "statement", "statements", "spokesman", "spokeswoman",
	"president", "presidential", "chancellor", "secretary", "ambassador", "ambassadors",
	"counterpart", "counterparts", "bilateral", "multilateral", "trilateral", "humanitarian",
	"evacuation", "shipping", "energy", "pipeline", "tariffs", "trade", "banking", "payments",
	"assets", "frozen", "property", "properties", "visas", "flights", "staff", "missions",
	"mission", "guarantees", "guarantee", "referendum", "elections", "parliament", "vote",
	"resolution", "council", "assembly", "observers", "monitoring", "verification", "compliance",
	"violations", "violation", "escalation", "deescalation", "truce", "armistice", "settlement",
	"concessions", "demands", "positions", "position", "stance", "agenda", "venue", "host",
	"hosted", "hosting", "mediated", "brokered", "signed", "signing", "ratified", "ratification",
	"implementation", "timeline", "deadline", "roadmap", "confidence", "measures", "dialogue",
	"consultations", "working", "group", "experts", "technical", "level", "officials", "sources",
	"briefing", "briefed", "reporters", "journalists", "interview", "television", "agency",
	"reported", "reports", "denied", "confirmed", "warned", "insisted", "rejected", "accepted",
	"welcomed", "condemned", "demanded", "offered", "agreed", "discussed", "postponed", "resumed",
	"stalled", "collapsed", "progress", "breakthrough", "deadlock", "impasse", "tensions",
	"relations", "normalisation", "restoration", "restoring", "embargo", "export", "exports",
	"imports", "oil", "gas", "fertiliser", "ports", "maritime", "navigation", "airspace",
	"defence", "military", "weapons", "arms", "control", "missiles", "drones", "strikes",
	"infrastructure", "civilians", "casualties", "refugees", "displaced", "reconstruction",
	"reparations", "compensation", "investment", "economic", "economy", "inflation", "currency",
	"reserves", "central", "bank", "banks", "finance", "financial", "budget", "aid", "assistance",
	"loans", "debt", "creditors", "negotiation", "delegate", "delegates", "plenary", "session",
	"sessions", "closed", "door", "doors", "hours", "marathon", "overnight", "draft", "text",
	"clauses", "clause", "annex", "protocol", "protocols", "signatories", "parties", "party",
}

var russianFunction = []string{
	"и", "в", "не", "на", "что", "с", "по", "к", "это", "как", "а", "из", "о", "за", "от", "у",
	"для", "же", "до", "так", "но", "его", "ее", "они", "мы", "он", "она", "был", "была", "были",
	"бы", "при", "также", "уже", "или", "только", "после", "между", "когда", "если", "чтобы",
	"во", "со", "том", "этом", "этого", "который", "которые", "которая", "более", "может", "об",
	"под", "над", "без", "через", "сказал", "заявил", "года", "году", "раз", "еще", "всех",
	"их", "ему", "там", "где", "было", "будет", "есть", "нет", "вот", "все", "всё", "весь",
}

var russianSubject = []string{
	"переговоры", "переговоров", "переговорах", "посольство", "посольства", "посольству",
	"посольств", "санкции", "санкций", "санкциями", "делегация", "делегации", "делегацию",
	"министр", "министра", "министерство", "министерства", "соглашение", "соглашения",
	"договор", "договора", "консульство", "консульства", "дипломаты", "дипломатов",
	"дипломатический", "дипломатические", "посол", "посла", "саммит", "саммита", "предложение",
	"предложения", "безопасность", "безопасности", "пленные", "пленных", "обмен", "обмена",
	"зерно", "зерна", "коридор", "ядерный", "ядерной", "инспекция", "посредничество",
	"посредник", "суверенитет", "территория", "территории", "вывод", "войск", "граница",
	"границы", "меморандум", "заявление", "заявления", "представитель", "президент",
	"президента", "секретарь", "двусторонние", "гуманитарный", "гуманитарной", "эвакуация",
	"энергетика", "трубопровод", "пошлины", "торговля", "банки", "платежи", "активы",
	"замороженные", "собственность", "визы", "рейсы", "сотрудники", "миссии", "гарантии",
	"перемирие", "урегулирование", "уступки", "требования", "позиции", "позиция", "повестка",
	"консультации", "эксперты", "уровне", "источники", "журналистам", "агентство", "сообщил",
	"сообщили", "подтвердил", "отверг", "предупредил", "обсудили", "отложили", "возобновили",
	"прогресс", "прорыв", "тупик", "напряженность", "отношения", "нормализация", "восстановление",
	"экспорт", "нефть", "газ", "удобрения", "порты", "судоходство", "оборона", "оружие",
	"контроль", "ракеты", "удары", "инфраструктура", "беженцы", "восстановления", "компенсации",
	"экономика", "экономики", "валюта", "резервы", "финансы", "помощь", "кредиты", "долг",
	"проект", "текст", "протокол", "стороны", "сторон", "сторонами", "раунд", "раунда",
}

// Places and parties, in each language.
var (
	englishCountries = []string{
		"United States", "Russia", "Ukraine", "China", "Turkey", "Saudi Arabia", "European Union",
		"Qatar", "Iran", "Israel", "Egypt", "France", "Germany", "United Kingdom", "India",
		"Brazil", "Switzerland", "Norway", "Azerbaijan", "Armenia", "Georgia", "Belarus",
		"Kazakhstan", "Finland", "Poland", "Japan", "South Africa", "United Arab Emirates",
	}
	englishCities = []string{
		"Istanbul", "Geneva", "Riyadh", "Doha", "Vienna", "Moscow", "Washington", "Kyiv", "Minsk",
		"Ankara", "Jeddah", "Abu Dhabi", "Oslo", "Helsinki", "Paris", "Berlin", "London", "Beijing",
		"Cairo", "Muscat", "Baku", "Yerevan", "Astana", "Rome", "Brussels", "New York", "Tehran",
	}
	russianCountries = []string{
		"США", "Россия", "России", "Украина", "Украины", "Китай", "Турция", "Саудовская Аравия",
		"Евросоюз", "Катар", "Иран", "Израиль", "Египет", "Франция", "Германия", "Великобритания",
		"Индия", "Бразилия", "Швейцария", "Норвегия", "Азербайджан", "Армения", "Белоруссия",
	}
	russianCities = []string{
		"Стамбул", "Стамбуле", "Женева", "Женеве", "Эр-Рияд", "Доха", "Вена", "Москва", "Москве",
		"Вашингтон", "Вашингтоне", "Киев", "Минск", "Анкара", "Джидда", "Абу-Даби", "Осло",
		"Хельсинки", "Париж", "Берлин", "Лондон", "Пекин", "Каир", "Баку", "Ереван", "Астана",
	}
)

// Parties that sit at the table in rounds and hold positions on issues.
var parties = []string{
	"United States", "Russia", "Ukraine", "Turkey", "Saudi Arabia", "Qatar", "European Union",
	"China", "United Nations", "Switzerland",
}

var venues = []string{
	"Dolmabahce Palace", "Palais des Nations", "Ritz-Carlton", "consulate general", "foreign ministry",
	"presidential palace", "Diriyah Palace", "Hofburg", "embassy residence", "conference centre",
}

var formats = []string{"bilateral", "trilateral", "technical", "expert level", "ministerial", "leaders", "proximity talks"}

type site struct{ name, domain string }

var englishSites = []site{
	{"Reuters", "www.reuters.com"}, {"Associated Press", "apnews.com"}, {"AFP", "www.afp.com"},
	{"BBC News", "www.bbc.com"}, {"The New York Times", "www.nytimes.com"},
	{"The Washington Post", "www.washingtonpost.com"}, {"Financial Times", "www.ft.com"},
	{"The Guardian", "www.theguardian.com"}, {"Bloomberg", "www.bloomberg.com"},
	{"Al Jazeera", "www.aljazeera.com"}, {"Politico", "www.politico.com"},
	{"The Wall Street Journal", "www.wsj.com"}, {"The Economist", "www.economist.com"},
	{"Kyiv Independent", "kyivindependent.com"}, {"Meduza", "meduza.io"},
	{"Anadolu Agency", "www.aa.com.tr"}, {"Daily Sabah", "www.dailysabah.com"},
	{"Arab News", "www.arabnews.com"}, {"South China Morning Post", "www.scmp.com"},
	{"Deutsche Welle", "www.dw.com"}, {"Le Monde", "www.lemonde.fr"}, {"Euronews", "www.euronews.com"},
	{"Axios", "www.axios.com"}, {"CNN", "edition.cnn.com"}, {"NPR", "www.npr.org"},
	{"The Times", "www.thetimes.co.uk"}, {"Foreign Policy", "foreignpolicy.com"},
	{"RFE/RL", "www.rferl.org"}, {"Xinhua", "english.news.cn"}, {"Nikkei Asia", "asia.nikkei.com"},
	{"War on the Rocks", "warontherocks.com"}, {"Crisis Group", "www.crisisgroup.org"},
	{"UN News", "news.un.org"}, {"State Department", "www.state.gov"}, {"Kremlin", "en.kremlin.ru"},
}

var russianSites = []site{
	{"ТАСС", "tass.ru"}, {"РИА Новости", "ria.ru"}, {"Коммерсантъ", "www.kommersant.ru"},
	{"Интерфакс", "www.interfax.ru"}, {"РБК", "www.rbc.ru"}, {"Ведомости", "www.vedomosti.ru"},
	{"Известия", "iz.ru"}, {"Новая газета", "novayagazeta.ru"}, {"Медуза", "meduza.io"},
	{"МИД России", "mid.ru"}, {"Российская газета", "rg.ru"}, {"Би-би-си", "www.bbc.com"},
}

var englishFirstNames = []string{
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
	"Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
	"Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Margaret", "Mark",
	"Sandra", "Paul", "Ashley", "Steven", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
	"Ahmet", "Leyla", "Mehmet", "Aisha", "Omar", "Fatima", "Yusuf", "Elif", "Pierre", "Claire",
	"Hans", "Anna", "Olena", "Taras", "Wei", "Mei", "Hiroshi", "Yuki", "Sonata", "Ines",
}

var russianFirstNames = []string{
	"Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Евгений", "Иван",
	"Михаил", "Николай", "Ольга", "Елена", "Татьяна", "Наталья", "Ирина", "Анна", "Мария",
	"Екатерина", "Светлана", "Юлия", "Владимир", "Павел", "Григорий", "Кирилл",
}

// tagWords are the tags analysts file clips under.
var tagWords = []string{
	"sanctions", "prisoners", "grain-deal", "us-russia", "ceasefire", "embassies", "nuclear",
	"energy", "black-sea", "security-guarantees", "territory", "humanitarian", "trade", "banking",
	"flights", "visas", "mediation", "turkey", "gulf", "china", "eu", "un", "arms-control",
	"elections", "refugees", "reconstruction", "frozen-assets", "shipping", "ports", "drones",
	"missiles", "infrastructure", "verification", "observers", "timeline", "red-lines", "leaks",
	"analysis", "opinion", "interview", "official-statement", "transcript", "rumour", "background",
	"to-read", "key", "follow-up", "contradiction", "new-detail", "quote",
}

var statuses = []string{"raised", "discussed", "progress", "agreed", "stalled", "dropped"}
