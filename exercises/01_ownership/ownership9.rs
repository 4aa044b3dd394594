// ownership9.rs — moves into closures
//
// A café prepares the screen by its door: a greeter closure that says hello
// to each guest, plus a sign with the café's name in capitals. The greeter is
// returned from `open_cafe`, so it must OWN the name (a closure that merely
// borrowed `name` would point into a function that has already returned).
// That is why it is a `move` closure.
//
// But a `move` closure takes its captured variables at the moment it is
// CREATED, not when it is called. Make `open_cafe` compile and pass the
// tests. Keep the `move` keyword and don't change the signature or the tests.
// Don't leak the name (`String::leak`, `Box::leak`) to make it live forever:
// the greeter owns it, and frees it when the greeter is dropped.

pub fn open_cafe(name: String) -> (impl Fn(&str) -> String, String) {
    let greeter = move |guest: &str| format!("Welcome to {name}, {guest}!");
    let sign = format!("*** {} ***", name.to_uppercase());
    (greeter, sign)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeter_and_sign() {
        let (greet, sign) = open_cafe(String::from("Kafé Mosaik"));
        assert_eq!(sign, "*** KAFÉ MOSAIK ***");
        assert_eq!(greet("Tomás"), "Welcome to Kafé Mosaik, Tomás!");
        // A `Fn` closure can be called again and again: it only reads what it owns.
        assert_eq!(greet("Rin"), "Welcome to Kafé Mosaik, Rin!");
    }

    #[test]
    fn every_cafe_has_its_own_name() {
        let (first, first_sign) = open_cafe(String::from("Bean There"));
        let (second, second_sign) = open_cafe(String::from("Brew-ha"));
        assert_eq!((first_sign.as_str(), second_sign.as_str()), ("*** BEAN THERE ***", "*** BREW-HA ***"));
        assert_eq!(first("Ana"), "Welcome to Bean There, Ana!");
        assert_eq!(second("Ana"), "Welcome to Brew-ha, Ana!");
    }
}
