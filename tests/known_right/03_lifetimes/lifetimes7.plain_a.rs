// known right: gives the article its own lifetime 'a, unrelated to 'kw and to &self
// lifetimes7.rs
//
// A news reader highlights the sentence in which a keyword first appears.
// A `Highlighter` borrows its keyword; `sentence_with` takes an article and
// returns the matching sentence as a slice OF THE ARTICLE.
//
// Two borrows meet in one method here: the highlighter's keyword (`'kw`) and
// the article text. As shipped, the return type has no lifetime, so elision
// ties the result to `&self`, which is wrong: the sentence never points into
// the highlighter. The compiler rejects the body.
//
// Your task: fix the signature of `sentence_with` so the result is tied to
// the article and to nothing else (the body is fine as it is). The test
// `sentence_outlives_the_highlighter` drops the highlighter and its keyword
// before using the result; it must compile and pass. Don't change the tests.

pub struct Highlighter<'kw> {
    keyword: &'kw str,
}

impl<'kw> Highlighter<'kw> {
    pub fn new(keyword: &'kw str) -> Self {
        Highlighter { keyword }
    }

    pub fn sentence_with<'a>(&self, article: &'a str) -> Option<&'a str> {
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
