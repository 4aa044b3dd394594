// lifetimes7.rs (solution)
//
// A news reader highlights the sentence in which a keyword first appears.
// A `Highlighter` borrows its keyword; `sentence_with` takes an article and
// returns the matching sentence as a slice OF THE ARTICLE.

pub struct Highlighter<'kw> {
    keyword: &'kw str,
}

impl<'kw> Highlighter<'kw> {
    pub fn new(keyword: &'kw str) -> Self {
        Highlighter { keyword }
    }

    // Three borrows are in play: `&self` (short, only for this call), the
    // keyword (`'kw`, from the struct) and the article. The result is a slice
    // of the article, so the method gets its own lifetime parameter `'text`
    // for the article and returns `&'text str`.
    //
    // Elision had tied the output to `&self`, and the body then returned
    // something borrowed from `article` instead: "lifetime may not live long
    // enough". Reusing `'kw` for the article (`article: &'kw str`) would
    // compile too, but it would glue article and keyword together, so the
    // result could not outlive the keyword (the second test catches that with
    // E0597). A separate parameter says exactly what is true, no more.
    pub fn sentence_with<'text>(&self, article: &'text str) -> Option<&'text str> {
        article.split(['.', '!', '?']).map(str::trim).find(|sentence| sentence.contains(self.keyword))
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Prices rose again. The old harbour flooded overnight! Nobody was hurt.";

    #[test]
    fn finds_the_sentence() {
        let h = Highlighter::new("harbour");
        assert_eq!(h.sentence_with(ARTICLE), Some("The old harbour flooded overnight"));
        assert_eq!(Highlighter::new("weather").sentence_with(ARTICLE), None);
    }

    #[test]
    fn sentence_outlives_the_highlighter() {
        let article = String::from(ARTICLE);
        let found;
        {
            let keyword = String::from("hurt");
            let h = Highlighter::new(&keyword);
            found = h.sentence_with(&article);
        } // `h` and `keyword` are gone here
        assert_eq!(found, Some("Nobody was hurt"));
    }
}
