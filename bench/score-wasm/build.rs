//! Encodes the repository's quiz as the widget's build script does, for the timing loop.

use std::path::Path;

fn main() {
    let quiz_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../quiz");
    for path in readiness::load::watched_paths(&quiz_dir) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let quiz = match readiness::load::load_dir(&quiz_dir) {
        Ok(quiz) => quiz,
        Err(errors) => {
            eprintln!("the quiz data is invalid:\n{errors}");
            std::process::exit(1);
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set: run this through cargo");
        std::process::exit(1);
    };
    if let Err(error) = std::fs::write(
        Path::new(&out_dir).join("quiz.bin"),
        readiness::bundle::encode(&quiz),
    ) {
        eprintln!("cannot write the quiz bundle: {error}");
        std::process::exit(1);
    }
}
