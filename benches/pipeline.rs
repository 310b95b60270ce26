//! Criterion benchmarks of the tagging pipeline, on a French-like text built
//! from the bundled example article (no ../shared needed):
//!
//! * `normalize` and `tokenize` of the text;
//! * `match` (word look-ups and trie walks, case guards) with synthetic
//!   place gazetteers of 10k, 100k and 1M aliases (1M only with
//!   `BALISE_BENCH_1M=1`: building it takes a few seconds and about 500 MB);
//! * `tag` end to end with the embedded default gazetteer, rules on and off.
//!
//! Throughput is reported in bytes of text per second.
//!
//!     cargo bench --bench pipeline
//!     BALISE_BENCH_1M=1 cargo bench --bench pipeline -- match

use balise::matcher::Matcher;
use balise::normalize::Normalized;
use balise::resolve::Scratch;
use balise::tokenize::tokenize;
use balise::{GazetteerBuilder, Tagger, TaggerOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

/// About 100 KB of text: the example article's paragraphs, words shuffled
/// deterministically in each copy so that no two copies are the same.
fn corpus() -> String {
    let article = include_str!("../examples/article-fr.txt");
    let mut out = String::new();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    while out.len() < 100_000 {
        for paragraph in article.split("\n\n") {
            let mut words: Vec<&str> = paragraph.split_whitespace().collect();
            for i in (1..words.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                words.swap(i, (state % (i as u64 + 1)) as usize);
            }
            out.push_str(&words.join(" "));
            out.push_str("\n\n");
        }
    }
    out
}

/// A gazetteer of `n` distinct place-like aliases ("Saint-Bavelon-sur-Mire"),
/// a deterministic function of `n`.
fn synthetic_gazetteer(n: usize) -> String {
    const SYLLABLES: &[&str] = &[
        "ba", "ve", "lon", "mi", "re", "char", "tou", "ville", "mont", "gra", "nes", "sau", "lac",
        "ber", "court", "vil", "rou", "ta", "gne", "pi",
    ];
    const SHAPES: &[&str] = &[
        "{}",
        "Saint-{}",
        "{}-sur-Mer",
        "Le {}",
        "{}-les-Bains",
        "Val-de-{}",
    ];
    let mut out = String::from("id\ttype\tname\taliases\n");
    for i in 0..n {
        let mut word = String::new();
        let mut k = i;
        loop {
            word.push_str(SYLLABLES[k % SYLLABLES.len()]);
            k /= SYLLABLES.len();
            if k == 0 {
                break;
            }
        }
        let mut name = word[..1].to_uppercase();
        name.push_str(&word[1..]);
        let shape = SHAPES[(i / 7) % SHAPES.len()];
        out.push_str(&format!("p{i}\tLOC\t{}\t\n", shape.replace("{}", &name)));
    }
    out
}

fn text_benches(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| tokenize(black_box(&text)).count())
    });
    let mut norm = Normalized::default();
    group.bench_function("normalize", |b| {
        b.iter(|| {
            norm.normalize_into(black_box(&text));
            norm.as_str().len()
        })
    });
    group.finish();
}

fn match_benches(c: &mut Criterion) {
    let text = corpus();
    let mut norm = Normalized::default();
    norm.normalize_into(&text);
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("BALISE_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    let mut group = c.benchmark_group("match");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    for n in sizes {
        let mut builder = GazetteerBuilder::new();
        builder
            .add_reader("synthetic.tsv", synthetic_gazetteer(n).as_bytes())
            .unwrap();
        let gazetteer = builder.build().unwrap();
        let matcher = Matcher::new(&gazetteer).unwrap();
        let mut out = Vec::new();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                out.clear();
                matcher.find(&gazetteer, &text, &norm, &mut out);
                out.len()
            })
        });
    }
    group.finish();
}

fn tag_benches(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("tag");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    for (name, rules) in [("default", true), ("default-no-rules", false)] {
        let mut builder = GazetteerBuilder::new();
        builder.add_default().unwrap();
        let options = TaggerOptions {
            rules,
            ..TaggerOptions::default()
        };
        let tagger = Tagger::new(builder.build().unwrap(), options).unwrap();
        let mut scratch = Scratch::default();
        group.bench_function(name, |b| {
            b.iter(|| {
                tagger
                    .tag_with(black_box(&text), &mut scratch)
                    .mentions
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, text_benches, match_benches, tag_benches);
criterion_main!(benches);
