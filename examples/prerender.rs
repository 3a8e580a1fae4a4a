//! Writes the prerendered first screens (`first/<locale>.json`, and
//! `first/<locale>.launcher.json` for the launcher mode; see `widget::prerender`)
//! into the directory given, or into Trunk's staging directory when Trunk runs it as its
//! post-build hook (`Trunk.toml`); and every language's texts but the reference's
//! (`texts/<locale>.bin`, see `widget::quiz`).

use std::error::Error;
use std::path::PathBuf;

use widget::config::Mode;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        .map(PathBuf::from)
        .ok_or("usage: prerender DIR (or run by Trunk, which sets TRUNK_STAGING_DIR)")?;
    let quiz = widget::quiz::embedded()?;
    let out = dir.join("first");
    std::fs::create_dir_all(&out)?;
    for (mode, suffix) in [(Mode::Inline, ""), (Mode::Launcher, ".launcher")] {
        for screen in widget::prerender::first_screens(&quiz, mode) {
            let path = out.join(format!("{}{suffix}.json", screen.locale));
            std::fs::write(&path, serde_json::to_string(&screen)?)?;
        }
    }
    // each language's texts but the reference's, fetched by the loader and the widget
    let texts = dir.join("texts");
    std::fs::create_dir_all(&texts)?;
    for (locale, bytes) in widget::quiz::OTHER_TEXTS {
        std::fs::write(texts.join(format!("{locale}.bin")), bytes)?;
    }
    Ok(())
}
