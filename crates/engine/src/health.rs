//! HEALTHCHECK: runs the check command inside the container on its interval and
//! moves the health status starting → healthy / unhealthy after the retries.

use crate::model::Health;
use crate::time::SECOND;
use crate::world::World;

pub fn run_check(w: &mut World, ep: &str, cid: &str) {
    let Some(c) = w.daemons.get(ep).and_then(|d| d.container_by_id(cid)) else {
        return;
    };
    let Some(h) = c.config.healthcheck.clone() else { return };
    let argv: Vec<String> = match h.test.first().map(String::as_str) {
        Some("CMD-SHELL") => vec![
            "/bin/sh".into(),
            "-c".into(),
            h.test.get(1).cloned().unwrap_or_default(),
        ],
        Some("CMD") => h.test[1..].to_vec(),
        _ => return,
    };
    let opts = crate::programs::ExecOpts {
        interactive: false,
        tty: false,
        detach: false,
        env: vec![],
        workdir: None,
        user: None,
    };
    let code = match crate::programs::exec(w, ep, cid, &argv, &opts) {
        crate::programs::ExecResult::Done { code, .. } => code,
        crate::programs::ExecResult::Session { .. } => 0,
    };
    let now = w.now;
    let Some(c) = w.daemons.get_mut(ep).and_then(|d| d.container_by_id_mut(cid)) else {
        return;
    };
    if code == 0 {
        c.state.health = Some(Health::Healthy);
        c.state.failing_streak = 0;
    } else {
        c.state.failing_streak += 1;
        if c.state.failing_streak >= h.retries.max(1) {
            c.state.health = Some(Health::Unhealthy);
        }
    }
    c.next_health = Some(now + h.interval_s.max(1) as i64 * SECOND);
}
