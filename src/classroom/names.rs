//! Learners' names as the room keeps them: normalised, visible, and unique however they are typed.
//!
//! A name is stored in Unicode NFKC form, so that a full-width `Ａｎａ` or a decomposed `A` + combining diaeresis is
//! the same text as its usual spelling. Characters that cannot be seen, or that reorder the text around them (zero
//! width spaces and joiners, the byte order mark, bidirectional embeddings, overrides and isolates: Unicode's format
//! characters, category Cf), are refused: with them, `Ana` and `Ana` + U+200B look the same on the dashboard and are
//! different names. Uniqueness compares [`key`]s: the normalised name without case.

use unicode_normalization::UnicodeNormalization;

use super::checks::cut;

pub const MAX_NAME_CHARS: usize = 40;

/// The name as the room stores and shows it, or why it is refused (one sentence, for the learner).
pub fn normalize(typed: &str) -> Result<String, String> {
    if let Some(bad) = typed.chars().find(|c| invisible(*c)) {
        return Err(format!(
            "the name {:?} contains an invisible or text-direction character (U+{:04X}), which would let it look \
             exactly like someone else's name: type it with visible characters only",
            cut(typed),
            u32::from(bad)
        ));
    }
    let name: String = typed.nfkc().collect();
    // Normalising can produce characters that typing them directly would have been refused for.
    let count = name.chars().count();
    if !(1..=MAX_NAME_CHARS).contains(&count)
        || name.chars().any(|c| c.is_control() || invisible(c))
        || name.trim() != name
    {
        return Err(format!(
            "the name must be 1 to {MAX_NAME_CHARS} characters, without control characters or spaces at either end \
             (got {:?})",
            cut(typed)
        ));
    }
    Ok(name)
}

/// What two names must not share in one room: the normalised name without case, with runs of spaces as one.
/// Upper-casing first makes `ß` and `SS` (and other letters whose lower case is not a simple mapping) meet.
pub fn key(name: &str) -> String {
    let folded: String = name.nfkc().collect::<String>().to_uppercase().to_lowercase().nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that show nothing, or change how the text around them is shown.
fn invisible(c: char) -> bool {
    let code = u32::from(c);
    FORMAT.iter().any(|(first, last)| (*first..=*last).contains(&code))
        || OTHER_INVISIBLE.iter().any(|(first, last)| (*first..=*last).contains(&code))
}

/// Unicode's general category Cf (format characters), from DerivedGeneralCategory.txt of Unicode 16.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),   // soft hyphen
    (0x0600, 0x0605),   // Arabic number signs
    (0x061C, 0x061C),   // Arabic letter mark
    (0x06DD, 0x06DD),   // Arabic end of ayah
    (0x070F, 0x070F),   // Syriac abbreviation mark
    (0x0890, 0x0891),   // Arabic pound and piastre marks above
    (0x08E2, 0x08E2),   // Arabic disputed end of ayah
    (0x180E, 0x180E),   // Mongolian vowel separator
    (0x200B, 0x200F),   // zero width space, non-joiner, joiner; left-to-right and right-to-left marks
    (0x202A, 0x202E),   // bidirectional embeddings and overrides
    (0x2060, 0x2064),   // word joiner, invisible operators
    (0x2066, 0x206F),   // bidirectional isolates, deprecated format characters
    (0xFEFF, 0xFEFF),   // byte order mark (zero width no-break space)
    (0xFFF9, 0xFFFB),   // interlinear annotation
    (0x110BD, 0x110BD), // Kaithi number sign
    (0x110CD, 0x110CD), // Kaithi number sign above
    (0x13430, 0x1343F), // Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3), // shorthand format controls
    (0x1D173, 0x1D17A), // musical symbol format controls
    (0xE0001, 0xE0001), // language tag
    (0xE0020, 0xE007F), // tag characters
];

/// Not category Cf, but shown as nothing all the same.
const OTHER_INVISIBLE: &[(u32, u32)] = &[
    (0x034F, 0x034F),   // combining grapheme joiner
    (0x115F, 0x1160),   // Hangul choseong and jungseong fillers
    (0x2028, 0x2029),   // line and paragraph separators
    (0x3164, 0x3164),   // Hangul filler
    (0xFE00, 0xFE0F),   // variation selectors
    (0xFFA0, 0xFFA0),   // half-width Hangul filler
    (0xE0100, 0xE01EF), // variation selectors supplement
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_are_refused_or_share_a_key() {
        for bad in ["Ana\u{200B}", "\u{202E}anA", "A\u{2067}na", "\u{FEFF}Ana", "An\u{00AD}a", "Ana\u{E0041}"] {
            let problem = normalize(bad).unwrap_err();
            assert!(problem.contains("invisible"), "{problem}");
        }
        assert_eq!(normalize("Ｂｏ").unwrap(), "Bo");
        assert_eq!(normalize("A\u{308}na").unwrap(), "\u{C4}na");
        assert_eq!(key("ÄNA"), key("A\u{308}na"));
        assert_eq!(key("Straße"), key("STRASSE"));
        assert_eq!(key("Ana  Lee"), key("ana lee"));
        assert_ne!(key("Ana"), key("Anna"));
        assert!(normalize(" Ana").is_err() && normalize("").is_err() && normalize("a\nb").is_err());
        // A full-width space becomes a plain one at the end of the name.
        assert!(normalize("Ana\u{3000}").is_err());
        assert!(normalize(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    }
}
