//! The printable forms of a self-assessment round as Chromium builds, prints and checks them:
//! the sample's assistant nurses (USK: 10023 and 10024 in SOC-HT, 10025 in SOC-SÄBO), each
//! asked about LIFECARE, O365 and TIMECARE.

use std::path::PathBuf;

use crate::pages::{assert_accessible, decode_shot, non_white_share};
use crate::{Sample, chromium, dump_dom, screenshot, shots_dir};

impl Sample {
    /// Opens round 1 for USK on 2026-11-20 and writes its forms page in `lang`.
    fn round_forms(&self, lang: &str) -> PathBuf {
        self.run(&[
            "--as-of",
            "2026-11-20",
            "round",
            "open",
            "--occupation",
            "USK",
            "--closes",
            "2026-12-11",
        ]);
        let page = self.path(&format!("forms-{lang}.html"));
        let out = self.run(&[
            "--as-of",
            "2026-11-20",
            "--lang",
            lang,
            "round",
            "forms",
            "1",
            "--html",
            &page.to_string_lossy(),
        ]);
        assert_eq!(out, format!("wrote {} (3 forms)\n", page.display()));
        page
    }
}

#[test]
fn each_person_gets_a_form_with_four_labelled_choices_per_system() {
    let sample = Sample::new();
    let dom = dump_dom(&sample.round_forms("sv"));
    let forms = dom.select("section", &["round-form"]);
    let people: Vec<&str> = forms.iter().map(|f| f.req("data-employee")).collect();
    assert_eq!(people, ["10023", "10024", "10025"]);
    for form in &forms {
        let systems: Vec<&str> = form
            .select("fieldset", &["round-system"])
            .iter()
            .map(|f| f.req("data-system"))
            .collect();
        assert_eq!(systems, ["LIFECARE", "O365", "TIMECARE"]);
    }
    let anna = forms[0];
    assert!(
        anna.text().contains("Självskattning: Anna Lindqvist"),
        "{}",
        anna.text()
    );
    assert!(anna.text().contains("Svara senast"));
    assert!(anna.text().contains("11 dec. 2026"), "{}", anna.text());
    let lifecare = anna.select("fieldset", &["round-system"])[0];
    let radios = lifecare.select("input", &[]);
    assert_eq!(radios.len(), 4);
    // One group per system and person: a choice excludes the others.
    assert!(radios.iter().all(|r| r.req("type") == "radio"));
    assert!(radios.iter().all(|r| r.req("name") == "r1-10023-LIFECARE"));
    // Every choice has its label: the level's number, name and what it means in Lifecare.
    let labels = lifecare.select("label", &[]);
    assert_eq!(labels.len(), 4);
    for (radio, label) in radios.iter().zip(&labels) {
        assert_eq!(label.req("for"), radio.req("id"));
    }
    assert_eq!(
        labels[2].text().trim(),
        "3 avancerad: Handleder kollegor i dokumentationen"
    );
    // Her last answer in the export (2, on 14 Sep) is shown to compare with.
    assert!(
        lifecare
            .text()
            .contains("Ditt senaste svar: 2 självständig (14 sep. 2026)"),
        "{}",
        lifecare.text()
    );
}

#[test]
fn the_forms_print_one_a4_page_per_person_and_are_not_blank() {
    let sample = Sample::new();
    let page = sample.round_forms("en");
    let pdf = page.with_extension("pdf");
    chromium(
        &page,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    let marker = b"/Type /Page";
    let pages = bytes
        .windows(marker.len() + 1)
        .filter(|w| w.starts_with(marker) && w[marker.len()] != b's')
        .count();
    assert_eq!(pages, 3, "{} has {pages} pages", pdf.display());

    let png = shots_dir().join("round-forms.png");
    screenshot(&page, &png);
    let share = non_white_share(&decode_shot(&png));
    assert!(
        share > 0.01,
        "the forms page is blank: {:.2} % ink",
        share * 100.0
    );
}

#[test]
fn axe_finds_nothing_serious_on_the_forms_in_english_and_norwegian() {
    let sample = Sample::new();
    let en = sample.round_forms("en");
    assert_accessible(&en);
    let nb = sample.path("forms-nb.html");
    sample.run(&[
        "--as-of",
        "2026-11-20",
        "--lang",
        "nb",
        "round",
        "forms",
        "1",
        "--html",
        &nb.to_string_lossy(),
    ]);
    assert_accessible(&nb);
}
