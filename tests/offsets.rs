//! Property tests: on any input, spans map back exactly to the original text,
//! tokens give back the input, and nothing panics.

use balise::normalize::normalize;
use balise::tokenize::tokenize;
use balise::{GazetteerBuilder, Overlaps, Tagger, TaggerOptions};
use proptest::prelude::*;
use std::sync::OnceLock;

fn tagger(overlaps: Overlaps) -> &'static Tagger {
    static LONGEST: OnceLock<Tagger> = OnceLock::new();
    static ALL: OnceLock<Tagger> = OnceLock::new();
    let cell = match overlaps {
        Overlaps::Longest => &LONGEST,
        Overlaps::All => &ALL,
    };
    cell.get_or_init(|| {
        let mut b = GazetteerBuilder::new();
        b.add_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/test-gazetteer.tsv"
        )))
        .unwrap();
        Tagger::new(
            b.build().unwrap(),
            TaggerOptions {
                overlaps,
                ..TaggerOptions::default()
            },
        )
        .unwrap()
    })
}

/// French-news-like text: names in several spellings, clitics, every apostrophe
/// and hyphen form, odd spaces, combining marks, and arbitrary characters.
fn french_like() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "Poutine",
        "POUTINE",
        "poutine",
        "Vladimir",
        "Aliev",
        "Ilham",
        "Bakou",
        "Erevan",
        "Azerbaïdjan",
        "Azerbai\u{0308}djan",
        "azerbaïdjanaises",
        "russo",
        "russe",
        "Haut",
        "Karabakh",
        "Union",
        "européenne",
        "UE",
        "(",
        ")",
        "Institut",
        "Public",
        "COP29",
        "COP",
        "29",
        "l'",
        "d’",
        "qu'",
        "L’",
        "'",
        "’",
        "ʼ",
        "`",
        "-",
        "‑",
        "–",
        "—",
        " ",
        " ",
        "\u{00A0}",
        "\u{202F}",
        "\n",
        ".",
        ",",
        "\u{0301}",
        "\u{00AD}",
        "\u{FEFF}",
        "Géorgie",
        "Nice",
        "é",
        "ß",
        "œ",
        "İ",
        "🇫🇷",
        "À lire aussi\n",
        "Accueil › Monde\n",
        "Partager\n",
        ". Santé",
        "»",
        "\r\n",
    ]);
    prop::collection::vec(
        prop_oneof![
            4 => fragments.prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn check_spans(text: &str, overlaps: Overlaps) {
    let t = tagger(overlaps);
    let a = t.tag(text);
    // Zones cover the text, in order, on character boundaries.
    let mut covered = 0;
    for z in a.zones.spans() {
        assert_eq!(z.start, covered);
        assert!(z.end > z.start && text.is_char_boundary(z.end));
        covered = z.end;
    }
    assert_eq!(covered, text.len());
    let mut previous_end = 0;
    for m in &a.mentions {
        assert!(m.byte_start < m.byte_end && m.byte_end <= text.len());
        assert!(text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end));
        let by_chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(by_chars, &text[m.byte_start..m.byte_end]);
        assert_eq!(text[..m.byte_start].chars().count(), m.start);
        assert!(!m.entities.is_empty());
        let zone = a.zones.zone_at(m.byte_start);
        assert!(a
            .zones
            .spans()
            .iter()
            .any(|z| z.start <= m.byte_start && m.byte_start < z.end && z.zone == zone));
        if overlaps == Overlaps::Longest {
            assert!(m.byte_start >= previous_end, "overlap in {text:?}");
            previous_end = m.byte_end;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_equal_their_text(text in french_like()) {
        check_spans(&text, Overlaps::Longest);
        check_spans(&text, Overlaps::All);
    }

    #[test]
    fn arbitrary_text_does_not_panic(text in any::<String>()) {
        check_spans(&text, Overlaps::Longest);
    }

    #[test]
    fn tokens_give_back_the_input(text in french_like()) {
        let mut rebuilt = String::new();
        let mut pos = 0;
        for token in tokenize(&text) {
            prop_assert_eq!(token.start(), pos);
            prop_assert!(token.end() > token.start());
            rebuilt.push_str(token.text(&text));
            pos = token.end();
            let parts: Vec<_> = token.parts(&text).collect();
            prop_assert_eq!(parts.first().map(|p| p.0), Some(token.start()));
            prop_assert_eq!(parts.last().map(|p| p.1), Some(token.end()));
        }
        prop_assert_eq!(rebuilt, text);
    }

    #[test]
    fn normalised_text_maps_into_the_original(text in french_like()) {
        let n = normalize(&text);
        let s = n.as_str();
        // Every token of the normalised text maps back to a slice of the original.
        let mut at = 0;
        for word in s.split(' ') {
            if !word.is_empty() {
                let (bs, be) = n.original_range(at, at + word.len());
                prop_assert!(bs <= be && be <= text.len());
                prop_assert!(text.is_char_boundary(bs) && text.is_char_boundary(be));
            }
            at += word.len() + 1;
        }
    }
}
