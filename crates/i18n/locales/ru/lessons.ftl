### Команды уроков в программе `dockyard`, по-русски: меню курса, приглашение урока и
### его команды, сообщения проверок. Каждое сообщение здесь должно быть и в
### ../en/lessons.ftl, с теми же аргументами.

## Справка по командам уроков.

cli-learn-about = Пройти урок: его текст, затем приглашение, где каждая команда проверяется по шагам урока.
cli-arg-lesson = Урок: его id, имя папки или номер (по умолчанию — тот, на котором вы остановились).
cli-arg-learn-script = Ввести строки из FILE как ученик (- — стандартный ввод), печатать каждый пройденный шаг и завершиться с кодом 0, только если урок пройден целиком.
cli-arg-lessons-dir = Загрузить курс из DIR (папки с папками уроков) вместо встроенного курса.
cli-lessons-about = Работа с курсом: список уроков, проверка папки курса, отметка переводов.
cli-lessons-list-about = Показать уроки и ваш прогресс.
cli-lessons-check-about = Проверить папку курса: файлы, переводы и то, что эталонное решение каждого урока его проходит.
cli-arg-check-dir = Папка курса (по умолчанию ./lessons).
cli-lessons-stamp-about = Отметить, что переводы урока соответствуют текущему исходному тексту.
cli-arg-stamp-dir = Папка урока, например lessons/02-first-run.
cli-progress-about = Сохранить или загрузить ваш прогресс.
cli-progress-export-about = Записать ваш прогресс в FILE (- — стандартный вывод).
cli-progress-import-about = Добавить к вашему прогрессу прогресс из FILE (ничего из вашего не теряется).
cli-arg-progress-file = Файл прогресса.

## Загрузка курса.

course-unreadable = dockyard: не удалось прочитать папку курса { $path }: { $error }
course-problems = { $count ->
    [one] В курсе { $count } ошибка (её покажет `dockyard lessons check`); уроки, которые не загружаются, пропущены.
    [few] В курсе { $count } ошибки (их покажет `dockyard lessons check`); уроки, которые не загружаются, пропущены.
   *[other] В курсе { $count } ошибок (их покажет `dockyard lessons check`); уроки, которые не загружаются, пропущены.
}
course-empty = В этом курсе нет уроков.
lesson-unknown = Урока «{ $lesson }» нет. Список покажет `dockyard lessons list`.

## `dockyard lessons check` и `stamp`.

check-summary-ok = Уроков: { $lessons }, шагов: { $steps }, языков: { $languages } — всё в порядке.
check-summary-failed = Ошибок: { $problems }; уроков: { $lessons }, шагов: { $steps }, языков: { $languages }.
stamp-done = { $file }: отмечен как перевод с { $source } (разделов: { $count }).
stamp-stale = { $file }: раздел { $section } был устаревшим; теперь он отмечен как актуальный.
stamp-not-lesson = dockyard: { $path } — не папка урока: { $error }

## Прогресс.

progress-damaged = Файл прогресса { $path } повреждён ({ $error }). Он сохранён как { $kept }, начат новый.
progress-unsaved = (не удалось сохранить прогресс: { $error })
progress-exported = Прогресс записан в { $path }.
progress-imported = Прогресс из { $path } добавлен к вашему (уроков: { $lessons }).
progress-import-bad = dockyard: { $path } — не файл прогресса: { $error }
progress-io = dockyard: { $path }: { $error }

## Меню курса.

menu-title = Dockyard — Docker на практике
menu-legend = ✔ пройден   ◐ пройден с подсказкой решения   ▶ начат
menu-steps = { $count ->
    [one] { $count } шаг
    [few] { $count } шага
   *[other] { $count } шагов
}
menu-prompt = Номер урока (Enter — { $default }, q — выход):{" "}
menu-unknown = Урока «{ $choice }» нет.

## Экран урока.

lesson-header = Урок { $number }: { $title }
lesson-step-header = Шаг { $index } из { $total }: { $title }
lesson-step-solved = ✔ Шаг { $index } из { $total } выполнен: { $title }
lesson-step-revealed = ✔ Шаг { $index } из { $total } выполнен после просмотра решения (не засчитан как решённый): { $title }
lesson-step-skipped = ⤼ Шаг { $index } из { $total } пропущен: { $title }
lesson-complete = 🎉 Урок пройден: { $title }.
lesson-complete-next = Введите `next`, чтобы перейти к следующему уроку, или `lessons` для списка.
lesson-complete-last = Это был последний урок курса.
lesson-tools = Вводите команды оболочки и docker как обычно. `help` покажет команды самого урока (hint, check, solution, ...).
lesson-needs = Этот урок опирается на «{ $lessons }», а это вы ещё не прошли; но продолжить можно.
lesson-resumed = Продолжаем с шага { $index }: решения предыдущих шагов выполнены за вас.
lesson-setup-failed = Урок не удаётся подготовить: `{ $line }` завершилась ошибкой: { $output }
lesson-script-done = Урок пройден: решено шагов — { $solved } из { $total }.
lesson-script-not-done = Урок не пройден: остановились на шаге { $index } из { $total } ({ $step }).
lesson-script-helped = Урок закончен, но решены не все шаги: { $solved } из { $total }.

## Команды урока.

tool-help-title = Команды урока (все остальные строки идут в оболочку):
tool-help-help = этот список
tool-help-hint = подсказка к текущему шагу; спросите ещё раз — будет прямее
tool-help-check = чего ещё не хватает для текущего шага
tool-help-solution = показать эталонное решение (сначала спросит; шаг тогда не засчитывается как решённый)
tool-help-skip = выполнить решение за вас и перейти дальше (не засчитывается как решённый)
tool-help-next = перейти к следующему уроку, когда этот пройден
tool-help-undo = отменить последнюю команду
tool-help-redo = вернуть то, что отменил undo
tool-help-reset = начать урок заново (сначала спросит)
tool-help-state = нарисовать песочницу: образы, контейнеры, тома, сети
tool-help-lessons = список уроков
tool-help-lang = сменить язык (ru или en)
tool-help-answer = ответить на вопрос, например `answer b`
tool-help-quit = выйти (прогресс сохранён)
tool-help-colon = Внутри контейнера (после `docker run -it ...`) строки идут программе контейнера; там начинайте команды урока с двоеточия: `:hint`, `:quit`.

hint-label = Подсказка { $index } из { $total }:
hint-situation = О том, что происходит сейчас:
hint-last = Это была последняя подсказка: `solution` покажет ответ.
hint-none = Урок пройден: подсказки не нужны.
solution-confirm = Показать решение? Тогда этот шаг не будет засчитан как решённый. [y/N]{" "}
solution-title = Решение:
solution-cancelled = Решение осталось скрытым.
check-finished = Урок пройден: всё на месте.
check-missing = Пока нет:
next-not-finished = Сначала выполните этот шаг или пропустите его (`skip`).
skip-ran = Решение выполнено за вас:
reset-confirm = Начать урок заново? Всё в песочнице будет потеряно. [y/N]{" "}
reset-done = Урок начат заново.
reset-cancelled = Ничего не изменилось.
undo-done = Отменено: последняя команда взята назад.
undo-nothing = Отменять нечего.
redo-done = Возвращено.
redo-nothing = Возвращать нечего.
lang-now = Язык: { $lang }.
lang-unknown = Неизвестный язык «{ $lang }»: выберите en или ru.
answer-wrong = ✗ «{ $answer }» — неверно. Подумайте ещё — поможет `hint`.
answer-no-question = На этом шаге нет вопроса: выполните его командами.
answer-not-option = Варианта «{ $answer }» здесь нет; выберите один из: { $options }.
quit-bye = Прогресс сохранён. До встречи!

## `state`: песочница в виде текста.

state-images = Образы
state-containers = Контейнеры
state-volumes = Тома
state-networks = Сети
state-none = (нет)
state-workdir = Рабочая папка: { $dir }
state-layers = { $count ->
    [one] { $count } слой
    [few] { $count } слоя
   *[other] { $count } слоёв
}
state-files = файлы: { $files }

## Чего не хватает проверке шага (`check`). Значения — слова самого Docker.

lesson-check-any = Нужно что-то одно из этого: { $options }
lesson-check-not = Так быть не должно: { $spec }
lesson-check-no-container = Нет подходящего контейнера: { $spec }
lesson-check-container-field = Контейнер { $name }: { $field } — «{ $have }», а должно быть «{ $want }».
lesson-check-container-not-running = Контейнер { $name } существует, но не работает.
lesson-check-container-running = Контейнер { $name } всё ещё работает.
lesson-check-no-port = Ни один работающий контейнер не публикует этот порт: { $spec }
lesson-check-no-image = Нет подходящего образа: { $spec }
lesson-check-image-field = Образ { $image }: { $field } — «{ $have }», а должно быть «{ $want }».
lesson-check-image-layer = В образе { $image } нет слоя, созданного инструкцией с «{ $want }».
lesson-check-no-volume = Нет подходящего тома: { $spec }
lesson-check-volume-file = В томе { $name } нет файла { $path }.
lesson-check-volume-content = В томе { $name } файл { $path } не содержит «{ $want }».
lesson-check-no-network = Нет подходящей сети: { $spec }
lesson-check-registry = В реестре пока нет { $image }.
lesson-check-login = Вы не вошли в { $registry }.
lesson-check-http-error = `curl { $url }` на хосте не проходит: { $error }.
lesson-check-http-field = `curl { $url }` отвечает с { $field } { $have }, а не { $want }.
lesson-check-http-body = `curl { $url }` отвечает, но без «{ $want }».
lesson-check-file-missing = Файла { $path } нет.
lesson-check-file-exists = Файла { $path } быть не должно.
lesson-check-file-content = Файл { $path } не содержит «{ $want }».
lesson-check-last-exit-code = Последняя команда завершилась с кодом { $have }, а не { $want }.
lesson-check-last-output = В { $stream } последней команды нет «{ $want }».
lesson-check-quiz-unanswered = На вопрос ещё нет ответа: введите `answer` и букву.
lesson-check-quiz-wrong = «{ $answer }» — неправильный ответ.
