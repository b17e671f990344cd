//! Property tests of the build cache: building twice without changes is fully cached,
//! and changing a copied file invalidates exactly the COPY of it and every later step.

use dockyard_engine::{Options, Sandbox};
use proptest::prelude::*;

/// A Dockerfile step: (instruction text, copied file if any).
fn step() -> impl Strategy<Value = (String, Option<String>)> {
    prop_oneof![
        (0u8..4).prop_map(|i| (format!("COPY f{i}.txt /app/"), Some(format!("f{i}.txt")))),
        (0u8..50).prop_map(|n| (format!("RUN echo {n} > /tmp/r{n}"), None)),
        (0u8..50).prop_map(|n| (format!("ENV V{n}={n}"), None)),
        Just(("WORKDIR /app".to_string(), None)),
    ]
}

fn setup(steps: &[(String, Option<String>)]) -> Sandbox {
    let mut sb = Sandbox::new(Options::default());
    sb.run_line("mkdir ctx && cd ctx");
    for i in 0..4 {
        sb.run_line(&format!("echo content{i} > f{i}.txt"));
    }
    let mut df = String::from("FROM alpine\\n");
    for (s, _) in steps {
        df.push_str(s);
        df.push_str("\\n");
    }
    sb.run_line(&format!("printf '{df}' > Dockerfile"));
    sb
}

/// The step numbers `[i/N]` printed with or without CACHED, for layer-creating steps.
fn vertex_states(out: &str) -> Vec<(usize, bool)> {
    out.lines()
        .filter_map(|l| {
            let l = l.trim_start().strip_prefix("=> ")?;
            let cached = l.starts_with("CACHED ");
            let l = l.trim_start_matches("CACHED ");
            let inner = l.strip_prefix('[')?.split(']').next()?;
            let (i, _) = inner.trim().split_once('/')?;
            Some((i.trim().parse().ok()?, cached))
        })
        .filter(|(i, _)| *i > 1)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn rebuild_is_fully_cached(steps in prop::collection::vec(step(), 1..8)) {
        let mut sb = setup(&steps);
        let first = sb.run_line("docker build -t t .");
        prop_assert_eq!(first.exit_code, 0, "{}", first.io.combined());
        let id1 = sb.run_line("docker images -q t").stdout();
        let second = sb.run_line("docker build -t t .");
        let states = vertex_states(&second.io.combined());
        prop_assert!(states.iter().all(|(_, cached)| *cached), "{}", second.io.combined());
        prop_assert_eq!(id1, sb.run_line("docker images -q t").stdout());
    }

    #[test]
    fn changing_a_file_invalidates_from_its_copy(steps in prop::collection::vec(step(), 1..8), which in 0u8..4) {
        let mut sb = setup(&steps);
        prop_assert_eq!(sb.run_line("docker build -t t .").exit_code, 0);
        sb.run_line(&format!("echo changed >> f{which}.txt"));
        let out = sb.run_line("docker build -t t .").io.combined();
        let states = vertex_states(&out);
        // Layer-creating steps in order get numbers 2.. ; find the first COPY of the file.
        let layer_steps: Vec<&(String, Option<String>)> = steps.iter().filter(|(s, _)| !s.starts_with("ENV")).collect();
        let first_hit = layer_steps.iter().position(|(_, f)| f.as_deref() == Some(&format!("f{which}.txt")));
        for (n, cached) in states {
            let idx = n - 2;
            let expect_cached = match first_hit { Some(h) => idx < h, None => true };
            prop_assert_eq!(cached, expect_cached, "step {} in\n{}", n, out);
        }
    }
}
