//! Generated container names, `adjective_surname`, following the daemon's rules
//! (digit suffix on retries, never `boring_wozniak`). The word lists are our own.

use crate::rng::Rng;

const LEFT: &[&str] = &[
    "agile", "amazing", "bold", "brave", "bright", "busy", "calm", "careful", "charming", "cheerful",
    "clever", "cool", "cosmic", "curious", "daring", "dazzling", "determined", "eager", "elastic",
    "elegant", "epic", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny",
    "gallant", "gentle", "gifted", "glowing", "graceful", "happy", "hardy", "helpful", "heuristic",
    "hopeful", "humble", "inspiring", "jolly", "jovial", "keen", "kind", "laughing", "lively",
    "loving", "lucid", "magical", "mellow", "merry", "mighty", "modest", "musing", "mystifying",
    "nervous", "nifty", "nimble", "noble", "nostalgic", "optimistic", "patient", "peaceful",
    "pensive", "playful", "polite", "practical", "priceless", "quick", "quirky", "radiant",
    "relaxed", "resilient", "romantic", "serene", "sharp", "shiny", "silly", "sleepy", "smart",
    "snappy", "solid", "spirited", "stoic", "strange", "sturdy", "sunny", "sweet", "swift",
    "tender", "thirsty", "thoughtful", "tidy", "tranquil", "trusting", "upbeat", "vibrant",
    "vigilant", "vigorous", "vivid", "wizardly", "wonderful", "xenodochial", "youthful", "zealous",
    "zen",
];

const RIGHT: &[&str] = &[
    "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "babbage",
    "banach", "bardeen", "bartik", "bell", "bhabha", "bohr", "booth", "borg", "bose", "boyd",
    "brahmagupta", "brattain", "burnell", "cannon", "carson", "cartwright", "cerf", "chandrasekhar",
    "chaplygin", "chatelet", "chebyshev", "cohen", "colden", "cori", "cray", "curie", "darwin",
    "davinci", "dijkstra", "dirac", "driscoll", "dubinsky", "easley", "edison", "einstein",
    "elbakyan", "elgamal", "elion", "engelbart", "euclid", "euler", "faraday", "feistel", "fermat",
    "fermi", "feynman", "franklin", "gagarin", "galileo", "galois", "gauss", "germain", "goldberg",
    "goodall", "gould", "haibt", "hamilton", "hawking", "heisenberg", "hermann", "hertz", "hodgkin",
    "hofstadter", "hopper", "hoover", "hypatia", "jackson", "jennings", "johnson", "joliot",
    "kalam", "kapitsa", "keldysh", "kepler", "khayyam", "kilby", "knuth", "kolmogorov",
    "korolev", "kovalevskaya", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lebedev",
    "lederberg", "lehmann", "lewin", "lichterman", "liskov", "lobachevsky", "lomonosov",
    "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy",
    "mcclintock", "meitner", "mendel", "mendeleev", "merkle", "mestorf", "minsky", "mirzakhani",
    "moore", "morse", "napier", "nash", "neumann", "newton", "nobel", "noether", "northcutt",
    "noyce", "panini", "pascal", "pasteur", "pavlov", "payne", "perlman", "pike", "planck",
    "poincare", "poitras", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "rosalind",
    "rubin", "saha", "sammet", "shannon", "shockley", "sinoussi", "snyder", "spence", "stonebraker",
    "swanson", "swartz", "tesla", "thompson", "torvalds", "turing", "vaughan", "villani",
    "visvesvaraya", "volhard", "wescoff", "wiles", "williams", "wilson", "wing", "wozniak",
    "wright", "yalow", "yonath", "zhukovsky",
];

/// One name attempt; `retry > 0` appends a digit, as the daemon does.
pub fn random_name(rng: &mut Rng, retry: u32) -> String {
    loop {
        let l = LEFT[rng.below(LEFT.len() as u64) as usize];
        let r = RIGHT[rng.below(RIGHT.len() as u64) as usize];
        let mut name = format!("{l}_{r}");
        if name == "boring_wozniak" {
            continue;
        }
        if retry > 0 {
            name.push_str(&rng.below(10).to_string());
        }
        return name;
    }
}

/// Docker's rule for user-chosen names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_container_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_look_right() {
        let mut rng = Rng::new(1);
        let n = random_name(&mut rng, 0);
        assert!(n.contains('_'));
        assert!(valid_container_name(&n));
        let n2 = random_name(&mut rng, 2);
        assert!(n2.chars().last().unwrap().is_ascii_digit());
        assert!(!valid_container_name("a"));
        assert!(!valid_container_name("-web"));
        assert!(valid_container_name("my.web_1-x"));
    }
}
