//! The seed page: `../shared/seed/article.txt` against its hand annotation
//! `../shared/seed/gold.csv`, with the default pack and no flags.
//!
//! Needs `../shared` beside the project (or `BALISE_SHARED` pointing at it);
//! when it is absent the test says so and passes without checking anything.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("BALISE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("seed/gold.csv").exists().then_some(dir)
}

#[test]
fn seed_page_matches_gold() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/seed is not present (set BALISE_SHARED to its folder)");
        return;
    };
    let article = shared.join("seed/article.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_balise"))
        .args(["tag", "-q"])
        .arg(&article)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut predicted: HashMap<(usize, usize), (String, String, String)> = HashMap::new();
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    for row in rdr.deserialize::<HashMap<String, String>>() {
        let row = row.unwrap();
        let (s, e) = (row["start"].parse().unwrap(), row["end"].parse().unwrap());
        let by_chars: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(by_chars, row["text"]);
        predicted.insert(
            (s, e),
            (
                row["type"].clone(),
                row["entity_id"].clone(),
                row["zone"].clone(),
            ),
        );
    }

    let mut problems = Vec::new();
    let mut gold_to_ours: HashMap<String, String> = HashMap::new();
    let mut ours_to_gold: HashMap<String, String> = HashMap::new();
    let mut gold_spans = 0;
    let mut rdr = csv::Reader::from_path(shared.join("seed/gold.csv")).unwrap();
    for row in rdr.deserialize::<HashMap<String, String>>() {
        let row = row.unwrap();
        gold_spans += 1;
        let (s, e): (usize, usize) = (row["start"].parse().unwrap(), row["end"].parse().unwrap());
        match predicted.remove(&(s, e)) {
            None => problems.push(format!("missed {s}-{e} {:?} {}", row["text"], row["type"])),
            Some((etype, id, zone)) => {
                if zone != row["zone"] {
                    problems.push(format!(
                        "{:?}: zone {zone}, gold {}",
                        row["text"], row["zone"]
                    ));
                }
                if etype != row["type"] {
                    problems.push(format!(
                        "{:?}: type {etype}, gold {}",
                        row["text"], row["type"]
                    ));
                }
                let gold = &row["entity"];
                if gold_to_ours
                    .entry(gold.clone())
                    .or_insert_with(|| id.clone())
                    != &id
                {
                    problems.push(format!("{:?}: gold entity {gold} got two ids", row["text"]));
                }
                if ours_to_gold
                    .entry(id.clone())
                    .or_insert_with(|| gold.clone())
                    != gold
                {
                    problems.push(format!(
                        "{:?}: id {id} given to two gold entities",
                        row["text"]
                    ));
                }
            }
        }
    }
    for ((s, e), (etype, id, _)) in &predicted {
        let t: String = text.chars().skip(*s).take(e - s).collect();
        problems.push(format!("extra {s}-{e} {t:?} {etype} {id}"));
    }
    assert!(
        problems.is_empty(),
        "{} gold spans; problems:\n{}",
        gold_spans,
        problems.join("\n")
    );
}

#[test]
fn seed_page_topics() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/seed is not present (set BALISE_SHARED to its folder)");
        return;
    };
    let topics = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seed-topics.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_balise"))
        .args(["tag", "-q", "--topics"])
        .arg(&topics)
        .arg(shared.join("seed/article.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_path(&topics).unwrap();
    let ranked: Vec<String> = rdr
        .deserialize::<HashMap<String, String>>()
        .map(|r| r.unwrap()["topic_id"].clone())
        .collect();
    let rank = |code: &str| ranked.iter().position(|t| t == code);
    // Politics and conflict in the body's top three; the teaser's health topic
    // must not outrank them.
    assert!(rank("medtop:11000000").is_some_and(|r| r < 3), "{ranked:?}");
    assert!(rank("medtop:16000000").is_some_and(|r| r < 3), "{ranked:?}");
    if let Some(health) = rank("medtop:07000000") {
        assert!(health > rank("medtop:16000000").unwrap(), "{ranked:?}");
    }
}
