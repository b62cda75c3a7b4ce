//! Precompressing the built app: beside each file a browser downloads compressed (wasm,
//! JavaScript, CSS, HTML, JSON, CSV, SVG, text), a brotli copy (`.br`, quality 11) and a gzip copy
//! (`.gz`, level 9), each written only when it is smaller than the file. The data service sends
//! them to browsers that accept them (tower-http's `ServeDir`), and a static host can do the
//! same (nginx `brotli_static` / `gzip_static`). Trunk runs it after every build
//! (`Trunk.toml`).
//!
//! ```no_run
//! let written = precompress::folder(std::path::Path::new("dist")).expect("dist is readable");
//! println!("{written} compressed copies");
//! ```

use std::io::Write;
use std::path::Path;

/// File name endings worth compressing.
const COMPRESSIBLE: [&str; 9] = [
    "wasm", "js", "css", "html", "json", "csv", "svg", "txt", "map",
];

/// Compresses every compressible file below `dir` (recursively), replacing older copies; the
/// number of copies written.
pub fn folder(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            written += folder(&path)?;
            continue;
        }
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let content = std::fs::read(&path)?;
        for (suffix, copy) in [("br", brotli(&content)?), ("gz", gzip(&content)?)] {
            let mut name = path.clone().into_os_string();
            name.push(".");
            name.push(suffix);
            if copy.len() < content.len() {
                std::fs::write(&name, copy)?;
                written += 1;
            } else if Path::new(&name).exists() {
                std::fs::remove_file(&name)?;
            }
        }
    }
    Ok(written)
}

/// Brotli at its best quality and a 4 MiB window.
pub fn brotli(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(content)?;
    }
    Ok(out)
}

/// Gzip at its best level.
pub fn gzip(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(content)?;
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_file_and_only_helpful_ones_are_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let text = "the same words again and again ".repeat(200);
        std::fs::create_dir(dir.path().join("data")).expect("mkdir");
        std::fs::write(dir.path().join("app.js"), &text).expect("write");
        std::fs::write(dir.path().join("data/week.json"), &text).expect("write");
        std::fs::write(dir.path().join("tiny.css"), "a{}").expect("write");
        std::fs::write(dir.path().join("photo.png"), &text).expect("write");
        assert_eq!(folder(dir.path()).expect("compressed"), 4);

        let mut unbrotli = String::new();
        brotli::Decompressor::new(
            std::fs::File::open(dir.path().join("app.js.br")).expect("br"),
            4096,
        )
        .read_to_string(&mut unbrotli)
        .expect("brotli");
        assert_eq!(unbrotli, text);
        let mut ungzip = String::new();
        flate2::read::GzDecoder::new(
            std::fs::File::open(dir.path().join("data/week.json.gz")).expect("gz"),
        )
        .read_to_string(&mut ungzip)
        .expect("gzip");
        assert_eq!(ungzip, text);
        // Three bytes do not shrink, and images are not compressed again.
        assert!(!dir.path().join("tiny.css.br").exists());
        assert!(!dir.path().join("photo.png.br").exists());
        // A second run replaces the copies rather than compressing them.
        assert_eq!(folder(dir.path()).expect("again"), 4);
        assert!(!dir.path().join("app.js.br.br").exists());
    }
}
