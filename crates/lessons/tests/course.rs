//! The course in `lessons/`: it passes `dockyard lessons check`, each lesson's reference
//! solution completes it, other correct spellings complete it too (checks read state,
//! not the typed text), the README's complete example is a valid lesson, and every
//! lesson's solution transcript is a snapshot (`cargo insta review` shows the diff when
//! the simulator's output changes).

mod common;

use dockyard_lessons::progress::Completion;
use dockyard_lessons::{Course, Lesson, validate};

use common::{course, course_files, type_lines};

#[test]
fn the_course_checks_clean() {
    let (course, diags) = validate::check_files(course_files());
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "lessons check found problems:\n{}", shown.join("\n"));
    let s = validate::summary(&course);
    assert!(s.lessons >= 3 && s.steps >= 13 && s.languages == 2, "{s:?}");
}

#[test]
fn the_bundled_course_is_the_folder() {
    let mut disk = course_files();
    let mut bundled = dockyard_lessons::builtin::files();
    disk.sort();
    bundled.sort();
    assert_eq!(disk.len(), bundled.len());
    assert!(disk == bundled, "the bundled course differs from lessons/ (rebuild?)");
}

#[test]
fn each_solution_completes_its_lesson() {
    for lesson in &course().lessons {
        let s = validate::play(lesson).unwrap();
        assert!(
            s.all_solved(),
            "{}: stopped at step {}: {:?}",
            lesson.id(),
            s.step_index(),
            s.missing()
        );
    }
}

fn lesson(id: &str) -> Lesson {
    course().lesson(id).unwrap_or_else(|| panic!("no lesson {id}")).clone()
}

/// Other ways to write the same commands, each of which must complete the lesson.
fn assert_completes(id: &str, lines: &[&str]) {
    let l = lesson(id);
    let s = type_lines(&l, lines);
    assert!(
        s.all_solved(),
        "{id} with {lines:?}: stopped at step {} ({:?})",
        s.step_index() + 1,
        s.missing()
    );
}

#[test]
fn containers_vs_vms_accepts_any_path_to_the_answers() {
    assert_completes(
        "containers-vs-vms",
        &[
            "answer a",
            "answer c",
            "answer B)",
            "answer c",
            "answer a",
            "answer b",
            "answer a",
        ],
    );
    let s = type_lines(&lesson("containers-vs-vms"), &["answer a", "answer c"]);
    assert_eq!(s.step_index(), 0, "wrong answers do not complete a question");
}

#[test]
fn first_run_accepts_equivalent_spellings() {
    assert_completes(
        "first-run",
        &[
            "docker image pull hello-world",
            "docker container run hello-world",
            "docker container ls --all",
            "docker container run --interactive --tty python",
            "exit()",
        ],
    );
    // `docker run` pulls by itself, so it completes the pull step as well.
    assert_completes(
        "first-run",
        &[
            "docker run hello-world",
            "docker ps --all",
            "docker run -ti python",
            "^D",
        ],
    );
    assert_completes(
        "first-run",
        &[
            "docker pull hello-world:latest",
            "docker run --name=greeting hello-world",
            "docker ps -a --no-trunc",
            "docker run -i -t python:latest",
            "quit()",
        ],
    );
}

#[test]
fn first_run_is_not_fooled_by_the_wrong_command() {
    let l = lesson("first-run");
    // `docker ps` without -a lists nothing; `docker images` lists the image, not the container.
    let s = type_lines(
        &l,
        &[
            "docker pull hello-world",
            "docker run hello-world",
            "docker ps",
            "docker images",
        ],
    );
    assert_eq!(s.step_index(), 2);
    // Python without a terminal exits at once: not the interactive step.
    let s = type_lines(&l, &["docker run hello-world", "docker ps -a", "docker run python"]);
    assert_eq!(s.step_index(), 3);
    assert_eq!(s.situation_hints(), vec!["no-terminal".to_string()]);
}

#[test]
fn detached_accepts_equivalent_spellings() {
    assert_completes(
        "detached",
        &[
            "docker container run --detach --name=web nginx",
            "docker container ls",
            "docker container logs web",
            "docker container stop web",
            "docker container rm web",
        ],
    );
    assert_completes(
        "detached",
        &[
            "docker run --name web -d nginx:latest",
            "docker ps --filter name=web",
            "docker logs --tail 5 web",
            "docker kill web",
            "docker rm web",
        ],
    );
    assert_completes(
        "detached",
        &[
            "docker run -d --name=web nginx",
            "docker ps -a",
            "docker logs -t web",
            "docker stop -t 1 web",
            "docker container rm -f web",
        ],
    );
}

#[test]
fn detached_keeps_the_image_and_guides_a_stuck_student() {
    let l = lesson("detached");
    // Removing the image along with the container does not count.
    let s = type_lines(
        &l,
        &[
            "docker run -d --name web nginx",
            "docker ps",
            "docker logs web",
            "docker stop web",
            "docker rm web",
            "docker rmi nginx",
        ],
    );
    assert!(s.finished(), "the lesson was complete before rmi");
    let s = type_lines(
        &l,
        &[
            "docker run -d --name web nginx",
            "docker ps",
            "docker logs web",
            "docker stop web",
            "docker rmi -f nginx",
            "docker rm web",
        ],
    );
    assert_eq!(s.step_index(), 4);
    assert_eq!(s.situation_hints(), vec!["image-gone".to_string()]);
    // `rm -f` on the stop step leaves nothing to stop: the hint says so.
    let s = type_lines(
        &l,
        &[
            "docker run -d --name web nginx",
            "docker ps",
            "docker logs web",
            "docker rm -f web",
        ],
    );
    assert_eq!(s.step_index(), 3);
    assert_eq!(s.situation_hints(), vec!["gone".to_string()]);
    let s = type_lines(&l, &["docker run -d nginx"]);
    assert_eq!(s.situation_hints(), vec!["no-name".to_string()]);
}

#[test]
fn skipping_and_revealing_never_count_as_solved() {
    let l = lesson("detached");
    let mut s = dockyard_lessons::Session::new(&l).unwrap();
    assert!(s.reveal_solution().is_some());
    s.run("docker run -d --name web nginx");
    let skipped = s.skip().unwrap();
    assert_eq!(skipped.completed[0].how, Completion::Skipped);
    assert_eq!(skipped.ran.len(), 1);
    let hows: Vec<Completion> = s.completed().iter().map(|e| e.how).collect();
    assert_eq!(hows, vec![Completion::Revealed, Completion::Skipped]);
    assert!(!s.all_solved());
}

#[test]
fn undo_and_redo_move_the_steps_too() {
    let l = lesson("detached");
    let mut s = dockyard_lessons::Session::new(&l).unwrap();
    s.run("docker run -d --name web nginx");
    assert_eq!(s.step_index(), 1);
    assert!(s.undo());
    assert_eq!(s.step_index(), 0);
    assert!(s.sandbox().state().containers.is_empty());
    assert!(s.redo());
    assert_eq!(s.step_index(), 1);
    assert_eq!(s.sandbox().state().containers.len(), 1);
    assert!(!s.redo());
    // Nothing before the student's first line can be undone (the set-up stays).
    assert!(s.undo());
    assert!(!s.undo());
    assert_eq!(s.sandbox().state().images.len(), 1);
}

#[test]
fn hints_progress_and_stay_on_the_last() {
    let l = lesson("first-run");
    let mut s = dockyard_lessons::Session::new(&l).unwrap();
    let shown: Vec<Option<usize>> = (0..3).map(|_| s.hint().unwrap().progressive).collect();
    assert_eq!(shown, vec![Some(0), Some(1), Some(1)]);
    s.run("docker pull hello-world");
    assert_eq!(
        s.hint().unwrap().progressive,
        Some(0),
        "a new step starts from its first hint"
    );
}

#[test]
fn a_session_can_resume_at_a_later_step() {
    let l = lesson("detached");
    let s = dockyard_lessons::Session::start(&l, 3, None).unwrap();
    assert_eq!(s.step_index(), 3);
    let web = s
        .sandbox()
        .state()
        .containers
        .into_iter()
        .find(|c| c.name == "web")
        .unwrap();
    assert!(web.running);
    assert!(!s.can_undo());
}

#[test]
fn the_readme_example_is_a_valid_lesson() {
    let readme = std::fs::read_to_string(common::repo_root().join("lessons/README.md")).unwrap();
    let files = common::fenced_files(&readme, "05-publish");
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "05-publish/lesson.toml",
            "05-publish/en.md",
            "05-publish/ru.md",
            "05-publish/files/index.html"
        ]
    );
    let (course, diags) = validate::check_files(files);
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert_eq!(course.step_count(), 3);
}

fn transcript(course: &Course, id: &str, lang: &str) -> String {
    let l = course.lesson(id).unwrap();
    common::transcript(l, lang)
}

#[test]
fn solution_transcripts() {
    let c = course();
    for l in &c.lessons {
        for lang in dockyard_lessons::LANGUAGES {
            insta::assert_snapshot!(format!("{}-{lang}", l.dir), transcript(&c, l.id(), lang));
        }
    }
}
