//! Compose's progress display (`[+] Running 3/3` and one line per object), drawn
//! once in its final state: the simulator has no animation, so what a student
//! sees is the last frame a real terminal would keep on screen. Timers come from
//! the simulated clock. `--progress plain` prints the event lines instead.

use crate::time::Time;

/// The terminal width the lines are laid out for (the same as `docker build`'s).
pub const WIDTH: usize = 94;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Working,
    Done,
    Warning,
    Error,
}

#[derive(Clone, Debug)]
struct Event {
    /// Unique key (a layer's key includes its parent: two images can share a layer).
    key: String,
    /// What the line shows (`Container app-web-1`, `7264a8db6415`).
    id: String,
    parent: Option<String>,
    status: Status,
    /// Go's `Event.Text` (pull events) and `Event.StatusText` (the others).
    text: String,
    status_text: String,
    start: Time,
    end: Time,
    /// Child progress bar (`[⣿⣿⣿]`) for pulls.
    bars: Option<usize>,
}

/// Events of one command, in the order their ids first appeared.
#[derive(Clone, Debug)]
pub struct Progress {
    title: String,
    events: Vec<Event>,
    /// Plain-mode lines, one per event as it happened.
    plain: Vec<String>,
    /// Lines printed after the display (`TailMsgf`).
    tail: Vec<String>,
}

impl Progress {
    pub fn new(title: &str) -> Progress {
        Progress {
            title: title.to_string(),
            events: Vec::new(),
            plain: Vec::new(),
            tail: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Records an event for `id` (`Container app-web-1`) with a status text
    /// (`Created`) at time `now`.
    pub fn event(&mut self, id: &str, status: Status, status_text: &str, now: Time) {
        self.record(id, None, status, "", status_text, now);
    }

    /// A pull-style event: the words follow the id directly (`redis Pulled`).
    pub fn event_text(&mut self, id: &str, parent: Option<&str>, status: Status, text: &str, now: Time) {
        self.record(id, parent, status, text, "", now);
    }

    fn record(&mut self, id: &str, parent: Option<&str>, status: Status, text: &str, status_text: &str, now: Time) {
        self.plain
            .push(format!(" {id} {text} {status_text}").trim_end().to_string());
        let key = match parent {
            Some(p) => format!("{p}\u{0}{id}"),
            None => id.to_string(),
        };
        match self.events.iter_mut().find(|e| e.key == key) {
            Some(e) => {
                e.status = status;
                e.text = text.to_string();
                e.status_text = status_text.to_string();
                e.parent = parent.map(str::to_string);
                if status != Status::Working {
                    e.end = now;
                }
            }
            None => self.events.push(Event {
                key,
                id: id.to_string(),
                parent: parent.map(str::to_string),
                status,
                text: text.to_string(),
                status_text: status_text.to_string(),
                start: now,
                end: now,
                bars: None,
            }),
        }
        // A parent shows one bar per child.
        if let Some(p) = parent {
            let n = self.events.iter().filter(|e| e.parent.as_deref() == Some(p)).count();
            if let Some(pe) = self.events.iter_mut().find(|e| e.key == p) {
                pe.bars = Some(n);
            }
        }
    }

    pub fn tail(&mut self, line: &str) {
        self.tail.push(line.to_string());
    }

    /// The final frame, as the TTY writer leaves it.
    pub fn render(&self) -> String {
        if self.events.is_empty() {
            return self.tail.iter().map(|l| format!("{l}\n")).collect();
        }
        let done = self.events.iter().filter(|e| e.status == Status::Done).count();
        let mut s = format!("[+] {} {done}/{}\n", self.title, self.events.len());
        let mut pad = 0usize;
        for e in &self.events {
            pad = pad.max(Self::head(e).len() + 1 + e.text.len());
        }
        for e in self.events.iter().filter(|e| e.parent.is_none()) {
            s.push_str(&self.line(e, "", pad));
            for c in self
                .events
                .iter()
                .filter(|c| c.parent.as_deref() == Some(e.key.as_str()))
            {
                s.push_str(&self.line(c, "  ", pad));
            }
        }
        for l in &self.tail {
            s.push_str(l);
            s.push('\n');
        }
        s
    }

    /// The id, with the layer bars of a pull.
    fn head(e: &Event) -> String {
        match e.bars {
            Some(n) => format!("{} [{}]", e.id, "⣿".repeat(n)),
            None => e.id.clone(),
        }
    }

    fn line(&self, e: &Event, indent: &str, pad: usize) -> String {
        let spinner = match e.status {
            Status::Done => "✔",
            Status::Error => "✘",
            Status::Warning => "!",
            // The first frame of compose's spinner.
            Status::Working => "⠋",
        };
        let head = Self::head(e);
        let padding = pad.saturating_sub(head.len() + 1 + e.text.len());
        let text = format!(
            "{indent} {spinner} {head} {}{} {}",
            e.text,
            " ".repeat(padding),
            e.status_text
        );
        let secs = (e.end - e.start).max(0) as f64 / 1e9;
        let timer = format!("{secs:.1}s");
        // Go's `%-*s %s` with the width of the terminal minus the timer and its newline.
        let width = WIDTH.saturating_sub(timer.len() + 2);
        let len = text.chars().count();
        let mut line = text;
        if len < width {
            line.push_str(&" ".repeat(width - len));
        }
        format!("{line} {timer}\n")
    }

    /// `--progress plain`: one line per event, then the tail.
    pub fn render_plain(&self) -> String {
        let mut s: String = self.plain.iter().map(|l| format!("{l}\n")).collect();
        for l in &self.tail {
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_frame() {
        let mut p = Progress::new("Running");
        p.event("Network app_default", Status::Working, "Creating", 0);
        p.event("Network app_default", Status::Done, "Created", 100_000_000);
        p.event("Container app-db-1", Status::Working, "Creating", 100_000_000);
        p.event("Container app-db-1", Status::Done, "Started", 500_000_000);
        let out = p.render();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "[+] Running 2/2");
        assert!(lines[1].starts_with(" ✔ Network app_default  Created "));
        assert!(lines[2].starts_with(" ✔ Container app-db-1   Started "));
        assert!(lines[1].ends_with(" 0.1s"));
        assert!(lines[2].ends_with(" 0.4s"));
        assert_eq!(lines[1].chars().count(), WIDTH - 1);
    }
}
