//! Validates the quiz data at build time and writes it as a compact bundle the widget
//! embeds: a broken quiz fails the build, never a visitor's page, and no TOML is parsed in
//! the browser.

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
    let bundle = Path::new(&out_dir).join("quiz.bin");
    if let Err(error) = std::fs::write(&bundle, readiness::bundle::encode(&quiz)) {
        eprintln!("cannot write {}: {error}", bundle.display());
        std::process::exit(1);
    }
}
