// known wrong: returns a slice of the input when there is nothing to trim and leaks a trimmed copy otherwise: the memory is never freed, and the slice does not point into the input
// borrow5.rs — string slices must point into something that lives on
//
// A photo lab sorts uploads by file extension. `extension` returns a `&str`,
// a view into some text, without copying it. The function first cleans up
// the name (uploads often come with stray spaces), but it builds the cleaned
// name as a NEW `String` that belongs to the function, and then tries to
// return a slice of it. When the function returns, that String is freed.
//
// Fix `extension` so it compiles and the tests pass, WITHOUT changing its
// signature (it must keep returning `&str`) or the tests, and without
// allocating: no new String (`.to_string()`, `.to_owned()`), and no leaked
// one (`Box::leak`, `String::leak`). Look at what `str::trim` returns.

/// The part after the last '.', or "" if there is none.
pub fn extension(file_name: &str) -> &str {
    let cleaned: &str = if file_name.trim() == file_name { file_name } else { file_name.trim().to_string().leak() };
    match cleaned.rfind('.') {
        Some(dot) => &cleaned[dot + 1..],
        None => "",
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names() {
        assert_eq!(extension("beach.jpg"), "jpg");
        assert_eq!(extension("archive.tar.gz"), "gz");
        assert_eq!(extension("README"), "");
    }

    #[test]
    fn stray_spaces() {
        assert_eq!(extension("  sunset.PNG \n"), "PNG");
    }

    #[test]
    fn result_points_into_the_input() {
        let upload = String::from("cat.webp");
        let ext = extension(&upload);
        // The slice borrows the caller's String: it starts 4 bytes into it.
        assert_eq!(ext.as_ptr(), upload[4..].as_ptr());
        // The same with stray spaces: trimming must not copy the name either.
        let upload = String::from("  dog.gif \n");
        assert_eq!(extension(&upload).as_ptr(), upload[6..].as_ptr());
    }
}
