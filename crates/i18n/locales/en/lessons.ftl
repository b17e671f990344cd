### The lesson tools of the `dockyard` binary, in English: the course menu, the lesson
### prompt and its commands, and what lesson checks report. Every message here must exist
### in ../ru/lessons.ftl with the same arguments.

## Help texts of the lesson commands.

cli-learn-about = Take a lesson: its text, then a prompt where every command is checked against the lesson's steps.
cli-arg-lesson = The lesson: its id, folder name or number (default: where you left off).
cli-arg-learn-script = Type the lines of FILE as the student (- for standard input), print each step as it is completed, and exit 0 only if the whole lesson is completed.
cli-arg-lessons-dir = Load the course from DIR (a folder of lesson folders) instead of the built-in course.
cli-lessons-about = Work with the course: list its lessons, check a course folder, record translations.
cli-lessons-list-about = List the lessons with your progress.
cli-lessons-check-about = Check a course folder: files, translations, and that every lesson's solution completes it.
cli-arg-check-dir = The course folder (default: ./lessons).
cli-lessons-stamp-about = Record that a lesson's translations are up to date with its source text.
cli-arg-stamp-dir = The lesson folder, e.g. lessons/02-first-run.
cli-progress-about = Save or load your progress.
cli-progress-export-about = Write your progress to FILE (- for standard output).
cli-progress-import-about = Add the progress in FILE to yours (nothing you have is lost).
cli-arg-progress-file = The progress file.

## Loading a course.

course-unreadable = dockyard: cannot read the course folder { $path }: { $error }
course-problems = { $count ->
    [one] The course has 1 problem (`dockyard lessons check` shows it); lessons that do not load are left out.
   *[other] The course has { $count } problems (`dockyard lessons check` shows them); lessons that do not load are left out.
}
course-empty = This course has no lessons.
lesson-unknown = There is no lesson “{ $lesson }”. `dockyard lessons list` shows them.

## `dockyard lessons check` and `stamp`.

check-summary-ok = { $lessons } lessons, { $steps } steps, { $languages } languages: all OK.
check-summary-failed = { $problems ->
    [one] 1 problem
   *[other] { $problems } problems
} in { $lessons } lessons, { $steps } steps, { $languages } languages.
stamp-done = { $file }: recorded as translated from { $source } ({ $count } sections).
stamp-stale = { $file }: section { $section } was out of date; it is now recorded as up to date.
stamp-not-lesson = dockyard: { $path } is not a lesson folder: { $error }

## Progress.

progress-damaged = Your progress file { $path } was damaged ({ $error }). It was kept as { $kept } and a new one was started.
progress-unsaved = (progress could not be saved: { $error })
progress-exported = Progress written to { $path }.
progress-imported = Progress from { $path } added to yours ({ $lessons } lessons).
progress-import-bad = dockyard: { $path } is not a progress file: { $error }
progress-io = dockyard: { $path }: { $error }

## The course menu.

menu-title = Dockyard — learn Docker by doing
menu-legend = ✔ done   ◐ finished with help   ▶ in progress
menu-steps = { $count ->
    [one] 1 step
   *[other] { $count } steps
}
menu-prompt = Lesson number (Enter: { $default }, q: quit):{" "}
menu-unknown = There is no lesson “{ $choice }”.

## The lesson screen.

lesson-header = Lesson { $number }: { $title }
lesson-step-header = Step { $index } of { $total }: { $title }
lesson-step-solved = ✔ Step { $index } of { $total } done: { $title }
lesson-step-revealed = ✔ Step { $index } of { $total } done, after looking at the solution (not counted as solved): { $title }
lesson-step-skipped = ⤼ Step { $index } of { $total } skipped: { $title }
lesson-complete = 🎉 Lesson complete: { $title }.
lesson-complete-next = Type `next` for the next lesson, or `lessons` for the list.
lesson-complete-last = That was the last lesson of the course.
lesson-tools = Type shell and docker commands as usual. `help` lists the lesson's own commands (hint, check, solution, ...).
lesson-needs = This lesson builds on “{ $lessons }”, which you have not finished yet; you can go on anyway.
lesson-resumed = Continuing at step { $index }: the earlier steps' solutions were run for you.
lesson-setup-failed = This lesson cannot be set up: `{ $line }` failed: { $output }
lesson-script-done = Lesson completed: { $solved } of { $total } steps solved.
lesson-script-not-done = Lesson not completed: stopped at step { $index } of { $total } ({ $step }).
lesson-script-helped = Lesson finished, but not every step was solved: { $solved } of { $total }.

## The lesson's own commands.

tool-help-title = Lesson commands (every other line goes to the shell):
tool-help-help = this list
tool-help-hint = a hint for the current step; ask again for a more direct one
tool-help-check = what is still missing for the current step
tool-help-solution = show the reference solution (asks first; the step then does not count as solved)
tool-help-skip = run the solution for you and move on (not counted as solved)
tool-help-next = go on to the next lesson once this one is complete
tool-help-undo = take back the last command
tool-help-redo = put back what undo took back
tool-help-reset = start the lesson over (asks first)
tool-help-state = draw the sandbox: images, containers, volumes, networks
tool-help-lessons = the list of lessons
tool-help-lang = switch the language (ru or en)
tool-help-answer = answer a question, e.g. `answer b`
tool-help-quit = leave (your progress is saved)
tool-help-colon = Inside a container (after `docker run -it ...`) lines go to the container's program; there, start lesson commands with a colon: `:hint`, `:quit`.

hint-label = Hint { $index } of { $total }:
hint-situation = About the situation right now:
hint-last = That was the last hint: `solution` shows the answer.
hint-none = The lesson is complete: no hints needed.
solution-confirm = Show the solution? This step will then not count as solved. [y/N]{" "}
solution-title = The solution:
solution-cancelled = The solution stays hidden.
check-finished = The lesson is complete: nothing is missing.
check-missing = Not yet:
next-not-finished = Finish this step first, or `skip` it.
skip-ran = Ran the solution for you:
reset-confirm = Start the lesson over? Everything in the sandbox will be lost. [y/N]{" "}
reset-done = Started over.
reset-cancelled = Nothing changed.
undo-done = Undone: the last command is taken back.
undo-nothing = Nothing to undo.
redo-done = Redone.
redo-nothing = Nothing to redo.
lang-now = Language: { $lang }.
lang-unknown = Unknown language “{ $lang }”: choose en or ru.
answer-wrong = ✗ “{ $answer }” is not right. Think again — `hint` helps.
answer-no-question = This step asks no question: do it with commands.
answer-not-option = There is no option “{ $answer }” here; choose one of: { $options }.
quit-bye = Progress saved. See you!

## `state`: the sandbox drawn as text.

state-images = Images
state-containers = Containers
state-volumes = Volumes
state-networks = Networks
state-none = (none)
state-workdir = Working directory: { $dir }
state-layers = { $count ->
    [one] 1 layer
   *[other] { $count } layers
}
state-files = files: { $files }

## What a step's check is still missing (`check`). Values are Docker's own words.

lesson-check-any = One of these is needed: { $options }
lesson-check-not = This must not be so: { $spec }
lesson-check-no-container = No container matches: { $spec }
lesson-check-container-field = Container { $name }: { $field } is “{ $have }”, but should be “{ $want }”.
lesson-check-container-not-running = Container { $name } exists but is not running.
lesson-check-container-running = Container { $name } is still running.
lesson-check-no-port = No running container publishes this port: { $spec }
lesson-check-no-image = No image matches: { $spec }
lesson-check-image-field = Image { $image }: { $field } is “{ $have }”, but should be “{ $want }”.
lesson-check-image-layer = Image { $image } has no layer made by an instruction containing “{ $want }”.
lesson-check-no-volume = No volume matches: { $spec }
lesson-check-volume-file = Volume { $name } has no file { $path }.
lesson-check-volume-content = In volume { $name }, { $path } does not contain “{ $want }”.
lesson-check-no-network = No network matches: { $spec }
lesson-check-registry = The registry does not hold { $image } yet.
lesson-check-login = You are not logged in to { $registry }.
lesson-check-http-error = `curl { $url }` on the host fails: { $error }.
lesson-check-http-field = `curl { $url }` answers with { $field } { $have }, not { $want }.
lesson-check-http-body = `curl { $url }` answers, but without “{ $want }”.
lesson-check-file-missing = The file { $path } does not exist.
lesson-check-file-exists = The file { $path } should not exist.
lesson-check-file-content = The file { $path } does not contain “{ $want }”.
lesson-check-last-exit-code = The last command ended with exit code { $have }, not { $want }.
lesson-check-last-output = The last command's { $stream } does not contain “{ $want }”.
lesson-check-quiz-unanswered = The question is not answered yet: type `answer` and a letter.
lesson-check-quiz-wrong = “{ $answer }” is not the right answer.
