//! The fixed vocabulary of the synthetic municipality: administrations and their departments,
//! occupations, systems, names. Codes are resolved to indices once, in `org::Org::new`.

/// A digital system.
pub(crate) struct SystemDef {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) vendor: Option<&'static str>,
    /// Its courses expire (security and patient-safety systems).
    pub(crate) expiring: bool,
}

const fn sys(code: &'static str, name: &'static str, vendor: &'static str) -> SystemDef {
    SystemDef {
        code,
        name,
        vendor: Some(vendor),
        expiring: false,
    }
}

const fn sys_exp(code: &'static str, name: &'static str, vendor: &'static str) -> SystemDef {
    SystemDef {
        code,
        name,
        vendor: Some(vendor),
        expiring: true,
    }
}

const fn sys_nv(code: &'static str, name: &'static str) -> SystemDef {
    SystemDef {
        code,
        name,
        vendor: None,
        expiring: false,
    }
}

pub(crate) const SYSTEMS: &[SystemDef] = &[
    // Everyone.
    sys("O365", "Microsoft 365", "Microsoft"),
    sys("TEAMS", "Microsoft Teams", "Microsoft"),
    sys("HEROMA", "Heroma självservice", "CGI"),
    sys("INTRA", "Intranätet Insidan", "Sitevision"),
    sys("TOPDESK", "TOPdesk IT-support", "TOPdesk"),
    // Care and social services.
    sys("LIFECARE", "Lifecare", "Tietoevry"),
    sys("LCMOBIL", "Lifecare Mobil Omsorg", "Tietoevry"),
    sys("PROCAPITA", "Procapita VoO", "Tietoevry"),
    sys("PROCIFO", "Procapita IFO", "Tietoevry"),
    sys("TRESERVA", "Treserva", "CGI"),
    sys("COMBINE", "Combine", "Tietoevry"),
    sys("TIMECARE", "Timecare Planering", "Visma"),
    sys("TCPOOL", "Timecare Pool", "Visma"),
    sys_exp("PASCAL", "Pascal läkemedelsordination", "Inera"),
    sys_exp("NPO", "Nationell patientöversikt", "Inera"),
    sys_exp("SITHS", "SITHS e-tjänstekort", "Inera"),
    sys_exp("PRATOR", "Prator samordnad vårdplanering", "Inera"),
    sys_exp("COSMICLNK", "Cosmic Link", "Cambio"),
    sys_exp("APPVA", "Appva MCSS signering", "Appva"),
    sys("SENIOR", "Senior alert", "RCSyd"),
    sys("BPSD", "BPSD-registret", "Svenskt Demenscentrum"),
    sys("PALL", "Svenska palliativregistret", "Palliativregistret"),
    sys("PHONIRO", "Phoniro Care digitala lås", "Assa Abloy"),
    sys("TES", "TES trygghetslarm", "Tunstall"),
    sys_nv("VIVA", "Viva ekonomiskt bistånd"),
    sys_exp("SSBTEK", "SSBTEK informationsutbyte", "Försäkringskassan"),
    sys("BBIC", "BBIC-stöd", "Socialstyrelsen"),
    // Schools.
    sys("IST", "IST Administration", "IST"),
    sys("SCHOOLSOFT", "SchoolSoft", "SchoolSoft"),
    sys("UNIKUM", "Unikum", "Unikum"),
    sys("VKLASS", "Vklass", "Vklass"),
    sys("TEMPUS", "Tempus närvaro & schema", "Tietoevry"),
    sys("EDLEVO", "Edlevo", "Tietoevry"),
    sys_exp("PMO", "PMO Elevhälsojournal", "Tietoevry"),
    sys("GWS", "Google Workspace for Education", "Google"),
    sys("SKOLON", "Skolon", "Skolon"),
    sys("NOVASCHEM", "Novaschem schemaläggning", "Sdui"),
    sys("ILT", "ILT Inläsningstjänst", "ILT Education"),
    // Administration, finance, HR.
    sys("RAINDANCE", "Raindance ekonomi", "CGI"),
    sys("HEROMAADM", "Heroma lön och personal", "CGI"),
    sys("PROCEEDO", "Proceedo e-handel", "Visma"),
    sys("W3D3", "W3D3 diarium", "Formpipe"),
    sys("P360", "Public 360°", "Tietoevry"),
    sys("PLATINA", "Platina ärendehantering", "Formpipe"),
    sys("NETPUB", "Netpublicator", "Netpublicator"),
    sys("STRATSYS", "Stratsys", "Stratsys"),
    sys(
        "HYPERGENE",
        "Hypergene planering & uppföljning",
        "Hypergene",
    ),
    sys("QLIK", "Qlik Sense", "Qlik"),
    sys("SITEVISION", "Sitevision webbpublicering", "Sitevision"),
    sys("TELIAACE", "Telia ACE kontaktcenter", "Telia"),
    sys_nv("EARKIV", "E-arkiv"),
    // Technical services, planning, environment.
    sys("BYGGR", "ByggR", "Sokigo"),
    sys("ECOS", "Ecos miljö- och hälsoskydd", "Sokigo"),
    sys("ARCGIS", "ArcGIS", "Esri"),
    sys("GEOSECMA", "Geosecma", "Sokigo"),
    sys("VITECFS", "Vitec Fastighetssystem", "Vitec"),
    sys(
        "INFRACTRL",
        "Infracontrol Online felanmälan",
        "Infracontrol",
    ),
    sys("MATILDA", "Matilda kost", "Matilda Foodtech"),
    sys("KOSTDATA", "Kostdata", "Kostdata"),
    // Culture and leisure.
    sys("QURIA", "Quria bibliotekssystem", "Axiell"),
    sys("INTERBOOK", "Interbook Go lokalbokning", "Interbook"),
    sys("SPEEDADMIN", "Speedadmin kulturskola", "Speedadmin"),
];

/// Systems that anyone may hold records in, whatever their occupation.
pub(crate) const COMMON_SYSTEMS: &[&str] = &["O365", "TEAMS", "HEROMA", "INTRA", "TOPDESK"];

/// Level descriptions, two styles; `{}` is the system's name.
pub(crate) const LEVEL_TEXTS: [[&str; 4]; 2] = [
    [
        "Loggar in och hittar det egna arbetet i {}",
        "Arbetar självständigt i {} i det dagliga arbetet",
        "Handleder kollegor och löser vanliga problem i {}",
        "Superanvändare: konfigurerar {}, utbildar & är kontakt mot leverantören",
    ],
    [
        "Läser information i {} med stöd",
        "Registrerar och dokumenterar i {} utan stöd",
        "Följer upp, tar ut rapporter och stöttar arbetsplatsen i {}",
        "Förvaltar {}: behörigheter, rutiner och utbildning",
    ],
];

/// An occupation and the systems that matter for it, most important first.
pub(crate) struct OccupationDef {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) systems: &'static [&'static str],
}

const fn occ(
    code: &'static str,
    name: &'static str,
    systems: &'static [&'static str],
) -> OccupationDef {
    OccupationDef {
        code,
        name,
        systems,
    }
}

pub(crate) const OCCUPATIONS: &[OccupationDef] = &[
    occ(
        "FCH",
        "Förvaltningschef",
        &["STRATSYS", "NETPUB", "W3D3", "HYPERGENE", "O365", "QLIK"],
    ),
    occ(
        "VCH",
        "Verksamhetschef",
        &[
            "STRATSYS",
            "HYPERGENE",
            "RAINDANCE",
            "QLIK",
            "O365",
            "HEROMAADM",
        ],
    ),
    occ(
        "ECH",
        "Enhetschef",
        &[
            "TIMECARE",
            "HEROMAADM",
            "RAINDANCE",
            "STRATSYS",
            "O365",
            "W3D3",
        ],
    ),
    occ(
        "REK",
        "Rektor",
        &[
            "IST",
            "SCHOOLSOFT",
            "RAINDANCE",
            "UNIKUM",
            "HEROMAADM",
            "O365",
        ],
    ),
    occ(
        "USK",
        "Undersköterska",
        &[
            "LIFECARE", "TIMECARE", "APPVA", "LCMOBIL", "SENIOR", "BPSD", "PHONIRO",
        ],
    ),
    occ(
        "VBT",
        "Vårdbiträde",
        &["LIFECARE", "TIMECARE", "PHONIRO", "LCMOBIL", "TES"],
    ),
    occ(
        "SSK",
        "Sjuksköterska",
        &[
            "LIFECARE",
            "PASCAL",
            "NPO",
            "SITHS",
            "APPVA",
            "PALL",
            "COSMICLNK",
            "PRATOR",
        ],
    ),
    occ(
        "ATP",
        "Arbetsterapeut",
        &["LIFECARE", "NPO", "SITHS", "SENIOR", "PRATOR"],
    ),
    occ(
        "FYS",
        "Fysioterapeut",
        &["LIFECARE", "NPO", "SITHS", "SENIOR"],
    ),
    occ(
        "PASS",
        "Personlig assistent",
        &["TIMECARE", "TRESERVA", "TES", "TCPOOL"],
    ),
    occ(
        "SOCS",
        "Socialsekreterare",
        &["PROCIFO", "VIVA", "SSBTEK", "BBIC", "W3D3", "COMBINE"],
    ),
    occ(
        "BHL",
        "Biståndshandläggare",
        &["PROCAPITA", "TRESERVA", "LIFECARE", "W3D3", "PRATOR"],
    ),
    occ(
        "LÄR",
        "Lärare",
        &[
            "IST",
            "SCHOOLSOFT",
            "UNIKUM",
            "GWS",
            "SKOLON",
            "VKLASS",
            "ILT",
            "NOVASCHEM",
        ],
    ),
    occ(
        "FSKL",
        "Förskollärare",
        &["TEMPUS", "UNIKUM", "EDLEVO", "GWS"],
    ),
    occ("BSK", "Barnskötare", &["TEMPUS", "EDLEVO", "UNIKUM"]),
    occ(
        "ELA",
        "Elevassistent",
        &["SCHOOLSOFT", "GWS", "SKOLON", "VKLASS"],
    ),
    occ("SKSK", "Skolsköterska", &["PMO", "SITHS", "IST", "NPO"]),
    occ(
        "ADM",
        "Administratör",
        &[
            "W3D3",
            "P360",
            "PROCEEDO",
            "RAINDANCE",
            "HEROMAADM",
            "PLATINA",
            "EARKIV",
        ],
    ),
    occ(
        "HDL",
        "Handläggare",
        &[
            "W3D3", "P360", "PLATINA", "ECOS", "BYGGR", "ARCGIS", "EARKIV",
        ],
    ),
    occ(
        "EKON",
        "Ekonom",
        &["RAINDANCE", "HYPERGENE", "QLIK", "PROCEEDO"],
    ),
    occ(
        "ITT",
        "IT-tekniker",
        &["TOPDESK", "SITEVISION", "O365", "TELIAACE"],
    ),
    occ(
        "ING",
        "Ingenjör",
        &["ARCGIS", "GEOSECMA", "VITECFS", "INFRACTRL", "BYGGR"],
    ),
    occ("KOCK", "Kock", &["MATILDA", "KOSTDATA", "TIMECARE"]),
    occ("LV", "Lokalvårdare", &["TIMECARE", "VITECFS", "INFRACTRL"]),
    occ(
        "BIBL",
        "Bibliotekarie",
        &["QURIA", "INTERBOOK", "SITEVISION"],
    ),
    occ(
        "FRL",
        "Fritidsledare",
        &["INTERBOOK", "SPEEDADMIN", "TIMECARE"],
    ),
];

/// The occupation of an administration's head, and of a department's.
pub(crate) const ADMIN_HEAD: &str = "FCH";
pub(crate) const DEPARTMENT_HEAD: &str = "VCH";

/// A department kind: id suffix, name, and the prefix of its units' names.
pub(crate) type DepartmentDef = (&'static str, &'static str, &'static str);

/// An administration (förvaltning), level 1 of the tree.
pub(crate) struct AdminDef {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    /// Relative size: how many of the tree's leaves it gets.
    pub(crate) weight: u32,
    pub(crate) departments: &'static [DepartmentDef],
    /// Who works in its units (occupation code, weight).
    pub(crate) staff: &'static [(&'static str, u32)],
    /// What its subunits are called, and their names.
    pub(crate) subunit_kind: &'static str,
    pub(crate) subunit_names: &'static [&'static str],
    /// The occupation of the heads of its units and subunits.
    pub(crate) unit_head: &'static str,
}

/// Staff at administration and department level (besides the head).
pub(crate) const OFFICE_STAFF: &[(&str, u32)] = &[("ADM", 50), ("EKON", 25), ("HDL", 25)];

#[rustfmt::skip]
const FLOWERS: &[&str] = &[
    "Blåsippan", "Vitsippan", "Prästkragen", "Linnean", "Maskrosen", "Smörblomman", "Näckrosen",
    "Gullvivan", "Klövern", "Vallmon", "Syrenen", "Rönnen", "Lönnen", "Kastanjen", "Tussilago",
];
#[rustfmt::skip]
const TEAMS: &[&str] = &[
    "Norr", "Söder", "Öster", "Väster", "Centrum", "Ängen", "Älven", "Fjällen",
];
#[rustfmt::skip]
const WORK_TEAMS: &[&str] = &[
    "F-3", "4-6", "7-9", "Sparven", "Ugglan", "Myran", "Igelkotten", "Räven",
];

pub(crate) const ADMINS: &[AdminDef] = &[
    AdminDef {
        code: "KS",
        name: "Kommunstyrelseförvaltningen",
        weight: 2,
        departments: &[
            ("HR", "HR-avdelningen", "HR-enheten"),
            ("EKO", "Ekonomiavdelningen", "Ekonomienheten"),
            ("KOM", "Kommunikationsavdelningen", "Kommunikation"),
            ("KANS", "Kansliavdelningen", "Kansliet"),
            ("STRAT", "Strategiavdelningen", "Strategi & utveckling"),
        ],
        staff: &[("ADM", 30), ("EKON", 20), ("ITT", 15), ("HDL", 35)],
        subunit_kind: "team",
        subunit_names: TEAMS,
        unit_head: "ECH",
    },
    AdminDef {
        code: "VÅF",
        name: "Vård- och omsorgsförvaltningen",
        weight: 9,
        departments: &[
            ("SÄBO", "Särskilt boende", "Särskilt boende"),
            ("HT", "Hemtjänst", "Hemtjänst"),
            ("HSL", "Hälso- och sjukvård", "Sjuksköterskeenheten"),
            ("REH", "Rehabilitering", "Rehab"),
            ("KORT", "Korttidsvård", "Korttidsboende"),
        ],
        staff: &[
            ("USK", 55),
            ("VBT", 15),
            ("SSK", 14),
            ("ATP", 4),
            ("FYS", 4),
            ("KOCK", 3),
            ("ADM", 2),
        ],
        subunit_kind: "avdelning",
        subunit_names: FLOWERS,
        unit_head: "ECH",
    },
    AdminDef {
        code: "BUF",
        name: "Barn- och utbildningsförvaltningen",
        weight: 9,
        departments: &[
            ("FSK", "Förskola", "Förskolan"),
            ("GRSK", "Grundskola", "Skolan"),
            ("EHT", "Elevhälsan", "Elevhälsan"),
            ("FRITIDS", "Fritidshem", "Fritidshemmet"),
            ("SÄR", "Anpassad grundskola", "Anpassade skolan"),
        ],
        staff: &[
            ("LÄR", 40),
            ("FSKL", 20),
            ("BSK", 20),
            ("ELA", 10),
            ("SKSK", 3),
            ("KOCK", 4),
            ("LV", 3),
        ],
        subunit_kind: "arbetslag",
        subunit_names: WORK_TEAMS,
        unit_head: "REK",
    },
    AdminDef {
        code: "SOC",
        name: "Socialförvaltningen",
        weight: 5,
        departments: &[
            ("IFO", "Individ- och familjeomsorg", "IFO"),
            ("LSS", "Funktionsstöd", "LSS-boende"),
            ("MYN", "Myndighetsutövning", "Myndighet"),
            ("BoU", "Barn & unga", "Barn & unga"),
        ],
        staff: &[
            ("SOCS", 35),
            ("BHL", 20),
            ("PASS", 25),
            ("USK", 15),
            ("ADM", 5),
        ],
        subunit_kind: "grupp",
        subunit_names: TEAMS,
        unit_head: "ECH",
    },
    AdminDef {
        code: "TEK",
        name: "Tekniska förvaltningen",
        weight: 3,
        departments: &[
            ("GATA", "Gata & park", "Gata & park"),
            ("VA", "Vatten och avlopp", "VA"),
            ("FAST", "Fastighet", "Fastighetsdrift"),
            ("KOST", "Kost", "Köket"),
            ("LOK", "Lokalvård", "Lokalvård"),
        ],
        staff: &[
            ("ING", 20),
            ("KOCK", 25),
            ("LV", 35),
            ("HDL", 10),
            ("ADM", 10),
        ],
        subunit_kind: "lag",
        subunit_names: TEAMS,
        unit_head: "ECH",
    },
    AdminDef {
        code: "GYF",
        name: "Gymnasie- och vuxenutbildningsförvaltningen",
        weight: 3,
        departments: &[
            ("GY", "Gymnasieskola", "Gymnasiet"),
            ("VUX", "Vuxenutbildning", "Komvux"),
            ("SFI", "Svenska för invandrare", "SFI"),
        ],
        staff: &[("LÄR", 70), ("ELA", 15), ("ADM", 10), ("SKSK", 5)],
        subunit_kind: "arbetslag",
        subunit_names: WORK_TEAMS,
        unit_head: "REK",
    },
    AdminDef {
        code: "SBF",
        name: "Samhällsbyggnadsförvaltningen",
        weight: 2,
        departments: &[
            ("BYGG", "Bygglov", "Bygglov"),
            ("PLAN", "Planering", "Plan"),
            ("GIS", "Kart & GIS", "Kart & GIS"),
            ("MEX", "Mark och exploatering", "Mark"),
        ],
        staff: &[("HDL", 40), ("ING", 40), ("ADM", 20)],
        subunit_kind: "team",
        subunit_names: TEAMS,
        unit_head: "ECH",
    },
    AdminDef {
        code: "KFF",
        name: "Kultur- och fritidsförvaltningen",
        weight: 2,
        departments: &[
            ("BIB", "Bibliotek", "Biblioteket"),
            ("FRI", "Fritid & idrott", "Fritidsgården"),
            ("KULT", "Kulturskolan", "Kulturskolan"),
            ("MÖT", "Mötesplatser", "Mötesplats"),
        ],
        staff: &[("BIBL", 40), ("FRL", 40), ("LÄR", 15), ("ADM", 5)],
        subunit_kind: "team",
        subunit_names: &[
            "Café \"Kärnan\"",
            "Scenen",
            "Ateljén",
            "Läsfrämjande",
            "Ungdom",
        ],
        unit_head: "ECH",
    },
    AdminDef {
        code: "SERV",
        name: "Serviceförvaltningen",
        weight: 2,
        departments: &[
            ("IT", "IT-service", "IT"),
            ("LÖN", "Lönecenter", "Lön"),
            ("KC", "Kontaktcenter", "Kontaktcenter"),
        ],
        staff: &[("ITT", 40), ("ADM", 40), ("EKON", 20)],
        subunit_kind: "team",
        subunit_names: TEAMS,
        unit_head: "ECH",
    },
    AdminDef {
        code: "MHF",
        name: "Miljö- och hälsoskyddsförvaltningen",
        weight: 1,
        departments: &[
            ("MILJ", "Miljötillsyn", "Miljö"),
            ("LIV", "Livsmedelskontroll", "Livsmedel"),
        ],
        staff: &[("HDL", 70), ("ING", 20), ("ADM", 10)],
        subunit_kind: "team",
        subunit_names: TEAMS,
        unit_head: "ECH",
    },
];

/// Where units are.
#[rustfmt::skip]
pub(crate) const PLACES: &[&str] = &[
    "Centrum", "Norr", "Söder", "Öster", "Väster", "Solgården", "Björkhagen", "Ekbacken",
    "Tallåsen", "Kärra", "Hällebäck", "Ljungskile", "Åkerhöjden", "Öxnered", "Herrestad",
    "Dalaberg", "Sörbygden", "Skogslyckan", "Hovhult", "Kuröd", "Tureborg", "Ramneröd", "Bäve",
    "Källdal", "Ängsvik", "Lilla Edet", "Stenungsund", "Ödsmål", "Bärby", "Fröland",
];

/// Given names, common Swedish ones repeated; Nordic and immigrant names, some outside Latin-1.
#[rustfmt::skip]
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "Anna", "Anna", "Eva", "Maria", "Maria", "Karin", "Kristina", "Lena", "Sara", "Emma", "Kerstin",
    "Ingrid", "Marie", "Malin", "Jenny", "Linnéa", "Åsa", "Åsa", "Märta", "Elin", "Hanna", "Ida",
    "Johanna", "Sofia", "Maja", "Ebba", "Agnes", "Britt-Marie", "Gunilla", "Ulla", "Birgitta",
    "Lisa", "Frida", "Moa", "Tove", "Signe", "Solveig", "Margareta", "Helén", "Therése", "Ylva",
    "Stina", "Lars", "Lars", "Per", "Anders", "Johan", "Erik", "Erik", "Karl", "Nils", "Mikael",
    "Jonas", "Björn", "Örjan", "Åke", "Göran", "Håkan", "Jörgen", "Mats", "Stefan", "Peter",
    "Magnus", "Fredrik", "Oskar", "Axel", "Hugo", "Elias", "Olle", "Sven", "Bo", "Leif", "Ulf",
    "Kjell", "Gösta", "Bengt", "André", "Emil", "Bjørn", "Søren", "Øystein", "Kåre", "Jørgen",
    "Mette", "Ragnhild", "Sigrún", "Þórunn", "Ásgeir", "Aino", "Päivi", "Jussi", "Tuula", "Máret",
    "Ánde", "Mohammed", "Ahmed", "Fatima", "Amina", "Ali", "Hassan", "Leyla", "Zeynep", "Ayşe",
    "Łukasz", "Agnieszka", "Małgorzata", "José", "María", "Dragan", "Jelena", "Goran", "Thi Hoa",
    "Nadia", "Omar", "Yasmin", "Samir",
];

#[rustfmt::skip]
pub(crate) const FAMILY_NAMES: &[&str] = &[
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
    "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren",
    "Axelsson", "Berg", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson",
    "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin",
    "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson",
    "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg",
    "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström",
    "Mårtensson", "Lundström", "Åberg", "Öhman", "Ström", "Sjögren", "Hedlund", "Åström", "Ekström",
    "Söderström", "Östlund", "Ödegård", "Ødegård", "Sørensen", "Strøm", "Bækkelund", "Kähkönen",
    "Mäkinen", "Virtanen", "Hämäläinen", "Al-Sayed", "Hussein", "Mohamed", "Ali", "Ahmadi",
    "Yılmaz", "Kaya", "Nguyen", "Kowalski", "Wójcik", "Nowak", "Jovanović", "García", "von Platen",
    "af Klercker", "De Geer", "Nordin-Ekman",
];

/// The mail domain of the synthetic municipality.
pub(crate) const MAIL_DOMAIN: &str = "kommun.example.se";
