//! Arbitrary text through the shell interpreter and the utilities, in every flavour, over the
//! in-memory TestSystem: nothing may panic or hang.
#![no_main]

use dockyard_coreutils::testing::TestSystem;
use dockyard_coreutils::{Flavor, Io, Mode, ShellState, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let flavors = [Flavor::Bash, Flavor::Dash, Flavor::Busybox];
    let flavor = flavors[data.first().map(|b| *b as usize % 3).unwrap_or(0)];
    let mut sys = if flavor == Flavor::Bash { TestSystem::new() } else { TestSystem::container() };
    sys.file("/home/student/app.py", "print('hi')\n");
    sys.file("/data/a.txt", "one\ntwo\nthree\n");
    sys.serve("localhost", 8080, "<h1>ok</h1>\n");
    let mode = if data.get(1).is_some_and(|b| b % 2 == 0) { Mode::Interactive } else { Mode::Command };
    let mut st = ShellState::with_mode(flavor.shell_name(), mode);
    let mut io = Io::new();
    let _ = run(&text, &mut sys, &mut st, flavor, &mut io);
});
