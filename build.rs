//! Validates the quiz data at build time and writes it as a compact bundle the widget
//! embeds: a broken quiz fails the build, never a visitor's page, and no TOML is parsed in
//! the browser. The bundle holds the reference language's texts; each other language's are
//! written beside it (`texts/<locale>.bin`, listed in `texts.rs`) for the widget to fetch
//! when a visitor needs them (`src/quiz.rs`).

use std::path::Path;

fn main() {
    let quiz_dir = Path::new("quiz");
    for path in readiness::load::watched_paths(quiz_dir) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let quiz = match readiness::load::load_dir(quiz_dir) {
        Ok(quiz) => quiz,
        Err(errors) => {
            eprintln!(
                "the quiz data in {} is invalid:\n{errors}",
                quiz_dir.display()
            );
            std::process::exit(1);
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set: run this through cargo");
        std::process::exit(1);
    };
    let out_dir = Path::new(&out_dir);
    let (embedded, others) = readiness::bundle::split(&quiz);
    write(
        &out_dir.join("quiz.bin"),
        &readiness::bundle::encode(&embedded),
    );
    let mut listing = String::from("&[\n");
    for (locale, bytes) in others {
        let name = format!("texts/{locale}.bin");
        write(&out_dir.join(&name), &bytes);
        listing.push_str(&format!(
            "    ({:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), {:?}))),\n",
            locale.as_str(),
            format!("/{name}")
        ));
    }
    listing.push(']');
    write(&out_dir.join("texts.rs"), listing.as_bytes());
}

fn write(path: &Path, bytes: &[u8]) {
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, bytes));
    if let Err(error) = written {
        eprintln!("cannot write {}: {error}", path.display());
        std::process::exit(1);
    }
}
