//! Secrets handed out in links and cookies: 256 bits from the operating system's CSPRNG,
//! and the SHA-256 digest under which they are stored (a leaked table gives no working
//! link or session).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A new secret: 32 bytes from the OS's CSPRNG, as 64 lowercase hex digits.
pub fn token() -> String {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The SHA-256 of `text`, as 64 lowercase hex digits: what is stored of a secret.
pub fn digest(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Whether `text` has the shape of a [`token`] (before any database lookup).
pub fn is_token(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_and_differ() {
        let tokens: std::collections::HashSet<String> = (0..1000).map(|_| token()).collect();
        assert_eq!(tokens.len(), 1000);
        assert!(tokens.iter().all(|t| is_token(t)));
        // every hex digit appears in every position across a thousand tokens: no fixed bits
        for position in 0..64 {
            let seen: std::collections::HashSet<u8> =
                tokens.iter().map(|t| t.as_bytes()[position]).collect();
            assert_eq!(seen.len(), 16, "position {position} is not uniform");
        }
    }

    #[test]
    fn digests_are_sha256() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!is_token("ABC") && !is_token(&"g".repeat(64)));
    }
}
