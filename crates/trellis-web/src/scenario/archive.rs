//! A gzipped tar archive of text files (POSIX ustar), enough for a scenario's org files: every
//! tool that opens `.tar.gz` reads it. Written here rather than with a crate: a few dozen lines
//! for regular files under 8 GB with paths of at most 100 bytes.

use std::io::Write;

/// The archive of `files` (path, text), each under the folder `org/`.
pub fn tar_gz(files: &[(String, String)]) -> std::io::Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for (path, text) in files {
        let name = format!("org/{path}");
        if name.len() > 100 {
            return Err(std::io::Error::other(format!(
                "the path {name} is longer than an archive holds (100 bytes)"
            )));
        }
        gz.write_all(&header(&name, text.len() as u64))?;
        gz.write_all(text.as_bytes())?;
        let pad = (512 - text.len() % 512) % 512;
        gz.write_all(&vec![0u8; pad])?;
    }
    // Two empty blocks end the archive.
    gz.write_all(&[0u8; 1024])?;
    gz.finish()
}

fn header(name: &str, size: u64) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    let octal = |field: &mut [u8], value: u64| {
        let text = format!("{:0width$o}\0", value, width = field.len() - 1);
        field.copy_from_slice(text.as_bytes());
    };
    octal(&mut h[100..108], 0o644);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], 0);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // The checksum is computed with its own field as spaces.
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_archive_holds_each_file_at_its_path() {
        let files = vec![
            ("org.yaml".to_string(), "org:\n  name: Acme\n".to_string()),
            ("teams.yaml".to_string(), "x".repeat(700)),
        ];
        let gz = tar_gz(&files).unwrap();
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut tar)
            .unwrap();
        // Header, one block of text; header, two blocks; two empty blocks.
        assert_eq!(tar.len(), 512 * (2 + 3 + 2));
        assert_eq!(&tar[..12], b"org/org.yaml");
        assert_eq!(&tar[512..530], b"org:\n  name: Acme\n");
        assert_eq!(&tar[1024..1038], b"org/teams.yaml");
        assert_eq!(&tar[1024 + 124..1024 + 135], b"00000001274"); // 700 in octal
        // The checksum holds.
        let h = &tar[..512];
        let mut blank = h.to_vec();
        blank[148..156].copy_from_slice(b"        ");
        let sum: u32 = blank.iter().map(|&b| u32::from(b)).sum();
        let stored = u32::from_str_radix(std::str::from_utf8(&h[148..154]).unwrap(), 8).unwrap();
        assert_eq!(sum, stored);
        assert!(tar[512 * 5..].iter().all(|&b| b == 0));
    }
}
