//! The utilities, GNU and BusyBox, with the texts each prints.

mod common;

use common::Session;

fn with_project(mut s: Session, dir: &str) -> Session {
    for (name, body) in [
        ("Dockerfile", "FROM python:3.11-alpine\nWORKDIR /app\nCOPY . .\n"),
        ("app.py", "print('hello')\n"),
        ("requirements.txt", "flask==3.0.0\nredis\n"),
        ("docker-compose.yml", "services:\n  web:\n    build: .\n"),
    ] {
        s.sys.file(&format!("{dir}/{name}"), body);
    }
    s.sys.fs.put(&format!("{dir}/static"), dockyard_vfs::Node::dir());
    s
}

#[test]
fn ls_columns_one_per_line_and_long() {
    let mut s = with_project(Session::host(), "/home/student");
    assert_eq!(
        s.sh("ls"),
        "Dockerfile  app.py  docker-compose.yml  requirements.txt  static\n"
    );
    // Not a terminal: one name per line.
    assert_eq!(
        s.sh("ls | cat"),
        "Dockerfile\napp.py\ndocker-compose.yml\nrequirements.txt\nstatic\n"
    );
    assert_eq!(s.sh("ls -1 static"), "");
    assert_eq!(
        s.sh("ls -l"),
        "total 20\n\
-rw-r--r-- 1 student student   46 Nov 22 15:45 Dockerfile\n\
-rw-r--r-- 1 student student   15 Nov 22 15:45 app.py\n\
-rw-r--r-- 1 student student   30 Nov 22 15:45 docker-compose.yml\n\
-rw-r--r-- 1 student student   19 Nov 22 15:45 requirements.txt\n\
drwxr-xr-x 2 student student 4096 Nov 22 15:45 static\n"
    );
    assert_eq!(s.sh("ls -a static"), ".  ..\n");
    assert_eq!(
        s.sh("ls -F"),
        "Dockerfile  app.py  docker-compose.yml  requirements.txt  static/\n"
    );
    assert_eq!(s.sh("ls -d static /tmp"), "/tmp  static\n");
    assert_eq!(s.sh("ls app.py static"), "app.py\n\nstatic:\n");
    let o = s.run("ls nope app.py");
    assert_eq!(o.all, "ls: cannot access 'nope': No such file or directory\napp.py\n");
    assert_eq!(o.status, 2);
    assert_eq!(s.sh("ls -R static"), "static:\n");
    assert_eq!(s.sh("ls --color=auto -A static; echo $?"), "0\n");
    assert_eq!(
        s.sh("ls -k"),
        "ls: invalid option -- 'k'\nTry 'ls --help' for more information.\n"
    );
    assert_eq!(
        s.sh("ls --frobnicate"),
        "ls: unrecognized option '--frobnicate'\nTry 'ls --help' for more information.\n"
    );
}

#[test]
fn ls_quotes_recurses_and_sizes() {
    let mut s = Session::host();
    s.sys.file("/home/student/my file.txt", "x");
    s.sys.file("/home/student/a", &"y".repeat(5000));
    s.sys.file("/home/student/src/lib/mod.rs", "");
    // On a terminal GNU ls quotes names with spaces and shifts the others by one column.
    assert_eq!(s.sh("ls"), " a  'my file.txt'   src\n");
    assert_eq!(s.sh("ls | cat"), "a\nmy file.txt\nsrc\n");
    assert_eq!(s.sh("ls -R src"), "src:\nlib\n\nsrc/lib:\nmod.rs\n");
    assert_eq!(s.sh("ls -lh a"), "-rw-r--r-- 1 student student 4.9K Nov 22 15:45 a\n");
    assert_eq!(s.sh("ls -S | head -n 1; ls -r | cat"), "a\nsrc\nmy file.txt\na\n");
}

#[test]
fn ls_busybox() {
    let mut a = with_project(Session::alpine(), "/app");
    a.sh("cd /app");
    assert_eq!(
        a.sh("ls"),
        "Dockerfile          docker-compose.yml  static\napp.py              requirements.txt\n"
    );
    assert_eq!(
        a.sh("ls -l static Dockerfile"),
        "-rw-r--r--    1 root     root            46 Nov 22 15:45 Dockerfile\n\nstatic:\ntotal 0\n"
    );
    let o = a.run("ls nope");
    assert_eq!((o.err.as_str(), o.status), ("ls: nope: No such file or directory\n", 1));
    let usage = a.sh("ls -k");
    assert!(usage.starts_with("ls: unrecognized option: k\nBusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: ls [-1AaCxdLHRFplinshrSXvctu]"));
}

#[test]
fn cat_per_flavor() {
    let mut s = with_project(Session::host(), "/home/student");
    assert_eq!(
        s.sh("cat app.py requirements.txt"),
        "print('hello')\nflask==3.0.0\nredis\n"
    );
    assert_eq!(s.sh("cat -n requirements.txt"), "     1\tflask==3.0.0\n     2\tredis\n");
    assert_eq!(s.sh("echo piped | cat - app.py"), "piped\nprint('hello')\n");
    assert_eq!(s.sh("cat static"), "cat: static: Is a directory\n");
    let mut a = with_project(Session::alpine(), "/app");
    assert_eq!(
        a.sh("cat /app/nope"),
        "cat: can't open '/app/nope': No such file or directory\n"
    );
    assert_eq!(a.sh("cat /app/static"), "cat: read error: Is a directory\n");
}

#[test]
fn mkdir_rmdir_touch_rm() {
    let mut s = Session::host();
    assert_eq!(
        s.sh("mkdir data && mkdir data"),
        "mkdir: cannot create directory ‘data’: File exists\n"
    );
    assert_eq!(
        s.sh("mkdir a/b"),
        "mkdir: cannot create directory ‘a/b’: No such file or directory\n"
    );
    assert_eq!(s.sh("mkdir -p a/b/c && ls a/b"), "c\n");
    assert_eq!(
        s.sh("mkdir"),
        "mkdir: missing operand\nTry 'mkdir --help' for more information.\n"
    );
    assert_eq!(s.sh("rmdir a"), "rmdir: failed to remove 'a': Directory not empty\n");
    assert_eq!(
        s.sh("touch a/b/c/f; touch nodir/f"),
        "touch: cannot touch 'nodir/f': No such file or directory\n"
    );
    assert_eq!(s.sh("rm a"), "rm: cannot remove 'a': Is a directory\n");
    assert_eq!(
        s.sh("rm nope; rm -f nope; echo $?"),
        "rm: cannot remove 'nope': No such file or directory\n0\n"
    );
    assert_eq!(s.sh("rm -rf a; ls"), "data\n");
    assert_eq!(
        s.sh("rm -rf /"),
        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
    );
    assert_eq!(
        s.sh("rm -r ."),
        "rm: refusing to remove '.' or '..' directory: skipping '.'\n"
    );
    // Without a UTF-8 locale GNU quotes with plain apostrophes.
    s.sh("unset LANG");
    assert_eq!(
        s.sh("mkdir data"),
        "mkdir: cannot create directory 'data': File exists\n"
    );

    let mut a = Session::alpine();
    assert_eq!(
        a.sh("mkdir /tmp/d /tmp/d"),
        "mkdir: can't create directory '/tmp/d': File exists\n"
    );
    assert_eq!(
        a.sh("touch /tmp/d/f; rmdir /tmp/d"),
        "rmdir: '/tmp/d': Directory not empty\n"
    );
    assert_eq!(a.sh("touch /x/y"), "touch: /x/y: No such file or directory\n");
    assert_eq!(a.sh("rm /tmp/d"), "rm: '/tmp/d' is a directory\n");
    assert_eq!(
        a.sh("rm /nope"),
        "rm: can't remove '/nope': No such file or directory\n"
    );
    assert!(a.sh("rm").starts_with("BusyBox v1.36.1"));
}

#[test]
fn cp_mv_ln_chmod() {
    let mut s = with_project(Session::host(), "/home/student");
    assert_eq!(s.sh("cp app.py main.py && cat main.py"), "print('hello')\n");
    assert_eq!(
        s.sh("cp static s2"),
        "cp: -r not specified; omitting directory 'static'\n"
    );
    assert_eq!(s.sh("cp -r static s2 && ls -d s2"), "s2\n");
    assert_eq!(s.sh("cp nope x"), "cp: cannot stat 'nope': No such file or directory\n");
    assert_eq!(
        s.sh("cp app.py"),
        "cp: missing destination file operand after 'app.py'\nTry 'cp --help' for more information.\n"
    );
    assert_eq!(s.sh("cp app.py main.py static && ls static"), "app.py  main.py\n");
    assert_eq!(
        s.sh("cp -r static static/sub"),
        "cp: cannot copy a directory, 'static', into itself, 'static/sub'\n"
    );
    assert_eq!(
        s.sh("mv main.py renamed.py && ls renamed.py main.py"),
        "ls: cannot access 'main.py': No such file or directory\nrenamed.py\n"
    );
    assert_eq!(s.sh("mv nope x"), "mv: cannot stat 'nope': No such file or directory\n");
    assert_eq!(s.sh("mv static s2 && ls s2"), "static\n");
    assert_eq!(
        s.sh("ln -s app.py link && cat link && ls -l link"),
        "print('hello')\nlrwxrwxrwx 1 student student 6 Nov 22 15:45 link -> app.py\n"
    );
    assert_eq!(
        s.sh("ln -s app.py link"),
        "ln: failed to create symbolic link 'link': File exists\n"
    );
    assert_eq!(
        s.sh("ln -sf Dockerfile link; cat link | head -n 1"),
        "FROM python:3.11-alpine\n"
    );
    assert_eq!(
        s.sh("chmod +x app.py; ls -l app.py"),
        "-rwxr-xr-x 1 student student 15 Nov 22 15:45 app.py\n"
    );
    assert_eq!(
        s.sh("chmod 600 app.py; ls -l app.py"),
        "-rw------- 1 student student 15 Nov 22 15:45 app.py\n"
    );
    assert_eq!(s.sh("chmod u+x,g+r app.py; ls -l app.py | cut -c1-10"), "-rwxr-----\n");
    assert_eq!(
        s.sh("chmod 755 nope"),
        "chmod: cannot access 'nope': No such file or directory\n"
    );
    assert_eq!(
        s.sh("chmod xyz app.py"),
        "chmod: invalid mode: ‘xyz’\nTry 'chmod --help' for more information.\n"
    );
    let mut a = with_project(Session::alpine(), "/app");
    assert_eq!(a.sh("cp /app/static /x"), "cp: omitting directory '/app/static'\n");
    assert_eq!(
        a.sh("mv /nope /x"),
        "mv: can't rename '/nope': No such file or directory\n"
    );
    assert_eq!(
        a.sh("ln -s /app/app.py /app/Dockerfile"),
        "ln: /app/Dockerfile: File exists\n"
    );
    assert_eq!(a.sh("chmod 755 /nope"), "chmod: /nope: No such file or directory\n");
}

#[test]
fn find_du_df() {
    let mut s = with_project(Session::host(), "/home/student");
    s.sys.file("/home/student/static/site.css", "body{}\n");
    assert_eq!(
        s.sh("find ."),
        ".\n./Dockerfile\n./app.py\n./docker-compose.yml\n./requirements.txt\n./static\n./static/site.css\n"
    );
    assert_eq!(
        s.sh("find . -name '*.py' -o -name '*.css'"),
        "./app.py\n./static/site.css\n"
    );
    assert_eq!(
        s.sh("find /home -type d"),
        "/home\n/home/student\n/home/student/static\n"
    );
    assert_eq!(
        s.sh("find . -maxdepth 1 -type f -iname 'D*'"),
        "./Dockerfile\n./docker-compose.yml\n"
    );
    assert_eq!(s.sh("find . ! -name '*.*' -type f"), "./Dockerfile\n");
    assert_eq!(s.sh("find nope"), "find: ‘nope’: No such file or directory\n");
    assert_eq!(s.sh("find . -bogus"), "find: unknown predicate `-bogus'\n");
    assert_eq!(s.sh("du -s static; du -sh ."), "8\tstatic\n28K\t.\n");
    assert_eq!(s.sh("du static"), "8\tstatic\n");
    let df = s.sh("df -h");
    assert!(
        df.starts_with("Filesystem      Size  Used Avail Use% Mounted on\n"),
        "{df}"
    );
    assert!(df.contains("\n/dev/sda1        59G   13G   44G  22% /\n"), "{df}");
    let mut a = with_project(Session::alpine(), "/app");
    assert_eq!(a.sh("du -sh /app"), "24.0K\t/app\n");
    assert_eq!(a.sh("find /nope"), "find: /nope: No such file or directory\n");
    let df = a.sh("df -h /");
    assert!(
        df.starts_with(
            "Filesystem                Size      Used Available Use% Mounted on\noverlay                  58.4G"
        ),
        "{df}"
    );
}

#[test]
fn grep_options() {
    let mut s = Session::host();
    s.sys.file(
        "/home/student/log",
        "INFO start\nERROR disk full\ninfo retry\nERROR net down\nINFO done\n",
    );
    assert_eq!(s.sh("grep ERROR log"), "ERROR disk full\nERROR net down\n");
    assert_eq!(s.sh("grep -i info log"), "INFO start\ninfo retry\nINFO done\n");
    assert_eq!(s.sh("grep -c ERROR log"), "2\n");
    assert_eq!(
        s.sh("grep -n -v INFO log"),
        "2:ERROR disk full\n3:info retry\n4:ERROR net down\n"
    );
    assert_eq!(s.sh("grep -E '^(ERROR|info) [a-z]+' log | wc -l"), "3\n");
    assert_eq!(s.sh("grep 'disk\\|net' log"), "ERROR disk full\nERROR net down\n");
    assert_eq!(s.sh("grep -o '[a-z]*own' log"), "down\n");
    assert_eq!(
        s.sh("grep -w done log; grep -x 'INFO done' log"),
        "INFO done\nINFO done\n"
    );
    assert_eq!(s.sh("grep -F '.*' log; echo $?"), "1\n");
    assert_eq!(s.sh("grep -q ERROR log && echo found"), "found\n");
    assert_eq!(s.sh("grep -A1 start log"), "INFO start\nERROR disk full\n");
    assert_eq!(
        s.sh("grep -l ERROR log nope"),
        "log\ngrep: nope: No such file or directory\n"
    );
    s.sys.file("/home/student/log2", "ERROR again\n");
    assert_eq!(
        s.sh("grep -h again log log2; grep again log log2"),
        "ERROR again\nlog2:ERROR again\n"
    );
    assert_eq!(s.sh("grep -r again ."), "./log2:ERROR again\n");
    assert_eq!(
        s.sh("grep '[abc' log; echo $?"),
        "grep: Unmatched [, [^, [:, [., or [=\n2\n"
    );
    assert_eq!(
        s.sh("grep"),
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
    );
    assert_eq!(s.sh("echo hello | egrep 'l+o'"), "hello\n");
    let mut a = Session::alpine();
    assert_eq!(
        a.sh("echo x | grep '(' ; echo x | grep -E '(' ; echo $?"),
        "grep: bad regex '(': Missing ')'\n2\n"
    );
    assert_eq!(
        a.sh("echo x | grep -E 'a(' ; echo $?"),
        "grep: bad regex 'a(': Missing ')'\n2\n"
    );
}

#[test]
fn wc_head_tail() {
    let mut s = Session::host();
    s.sys.file("/home/student/f", "a b\nc\n");
    s.sys.file("/home/student/g", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
    assert_eq!(s.sh("echo hi | wc"), "      1       1       3\n");
    assert_eq!(s.sh("echo hi | wc -l"), "1\n");
    assert_eq!(s.sh("wc f"), "2 3 6 f\n");
    assert_eq!(s.sh("wc -l f g"), " 2 f\n12 g\n14 total\n");
    assert_eq!(s.sh("wc -c < f"), "6\n");
    assert_eq!(s.sh("head -3 g | tail -n 1; head -n -10 g"), "3\n1\n2\n");
    assert_eq!(s.sh("tail -n 2 g; tail -n +11 g"), "11\n12\n11\n12\n");
    assert_eq!(s.sh("head -c 3 f; echo"), "a b\n");
    assert_eq!(s.sh("head -n 1 f g"), "==> f <==\na b\n\n==> g <==\n1\n");
    assert_eq!(
        s.sh("head nope"),
        "head: cannot open 'nope' for reading: No such file or directory\n"
    );
    assert_eq!(s.sh("head -n x f"), "head: invalid number of lines: ‘x’\n");
    let mut a = Session::alpine();
    a.sys.file("/f", "a b\nc\n");
    assert_eq!(a.sh("echo hi | wc"), "        1         1         3\n");
    assert_eq!(a.sh("wc /f"), "        2         3         6 /f\n");
    assert_eq!(a.sh("wc -l /f"), "2 /f\n");
    assert_eq!(
        a.sh("tail /nope"),
        "tail: can't open '/nope': No such file or directory\ntail: no files\n"
    );
    assert_eq!(a.sh("head -n x /f"), "head: invalid number 'x'\n");
}

#[test]
fn sort_uniq_cut_tr_tee_seq() {
    let mut s = Session::host();
    assert_eq!(s.sh("printf 'b\\na\\nc\\na\\n' | sort"), "a\na\nb\nc\n");
    assert_eq!(s.sh("printf 'b\\na\\nc\\na\\n' | sort -ru"), "c\nb\na\n");
    assert_eq!(s.sh("printf '10\\n9\\n100\\n' | sort -n"), "9\n10\n100\n");
    assert_eq!(s.sh("printf 'x 3\\ny 1\\nz 2\\n' | sort -k 2 -n"), "y 1\nz 2\nx 3\n");
    assert_eq!(s.sh("printf 'a:3\\nb:1\\n' | sort -t: -k2"), "b:1\na:3\n");
    assert_eq!(
        s.sh("sort nope"),
        "sort: cannot read: nope: No such file or directory\n"
    );
    assert_eq!(s.sh("printf 'a\\na\\nb\\na\\n' | uniq"), "a\nb\na\n");
    assert_eq!(s.sh("printf 'a\\na\\nb\\n' | uniq -c"), "      2 a\n      1 b\n");
    assert_eq!(s.sh("printf 'a\\na\\nb\\n' | uniq -d"), "a\n");
    assert_eq!(s.sh("echo 'root:x:0:0' | cut -d: -f1,3"), "root:0\n");
    assert_eq!(s.sh("echo abcdef | cut -c2-4"), "bcd\n");
    assert_eq!(
        s.sh("echo a | cut -f1 -d ab"),
        "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n"
    );
    assert_eq!(
        s.sh("echo a | cut"),
        "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n"
    );
    assert_eq!(
        s.sh("echo hello | tr a-z A-Z; echo hello | tr -d l; echo aaabbb | tr -s ab"),
        "HELLO\nheo\nab\n"
    );
    assert_eq!(s.sh("echo 'a b' | tr ' ' '\\n'"), "a\nb\n");
    assert_eq!(s.sh("echo a | tr '[:lower:]' '[:upper:]'"), "A\n");
    assert_eq!(
        s.sh("tr a"),
        "tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n"
    );
    assert_eq!(s.sh("echo logged | tee out.txt; cat out.txt"), "logged\nlogged\n");
    assert_eq!(
        s.sh("echo more | tee -a out.txt > /dev/null; cat out.txt"),
        "logged\nmore\n"
    );
    assert_eq!(
        s.sh("seq 3; seq 2 4 | tr '\\n' ' '; echo; seq -s, 1 2 7"),
        "1\n2\n3\n2 3 4 \n1,3,5,7\n"
    );
    assert_eq!(s.sh("seq 3 -1 1 | head -n 1; seq -w 8 10"), "3\n08\n09\n10\n");
    assert_eq!(
        s.sh("seq x"),
        "seq: invalid floating point argument: ‘x’\nTry 'seq --help' for more information.\n"
    );
}

#[test]
fn system_information() {
    let mut s = Session::host();
    assert_eq!(
        s.sh("hostname; whoami; id"),
        "dockyard\nstudent\nuid=1000(student) gid=1000(student) groups=1000(student),27(sudo),999(docker)\n"
    );
    assert_eq!(s.sh("id -u; id -un; id -G"), "1000\nstudent\n1000 27 999\n");
    assert_eq!(
        s.sh("uname; uname -r; uname -m; uname -s -n"),
        "Linux\n6.8.0-45-generic\nx86_64\nLinux dockyard\n"
    );
    assert_eq!(s.sh("date"), "Sat Nov 22 15:45:00 UTC 2025\n");
    assert_eq!(
        s.sh("date +%Y-%m-%dT%H:%M:%S; date -u +%s; date -d @0 +%F"),
        "2025-11-22T15:45:00\n1763826300\n1970-01-01\n"
    );
    assert_eq!(s.sh("date -d tomorrow +%A"), "Sunday\n");
    assert_eq!(s.sh("date -d nonsense"), "date: invalid date ‘nonsense’\n");
    assert_eq!(s.sh("sleep 2; date +%T"), "15:45:02\n");
    assert_eq!(s.sh("sleep 1m; date +%T"), "15:46:02\n");
    assert_eq!(
        s.sh("sleep x"),
        "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n"
    );
    assert_eq!(
        s.sh("sleep"),
        "sleep: missing operand\nTry 'sleep --help' for more information.\n"
    );
    assert_eq!(s.sh("printenv HOME USER"), "/home/student\nstudent\n");
    assert_eq!(s.run("printenv NOPE").status, 1);
    assert_eq!(
        s.sh("basename /app/src/main.py .py; dirname /app/src/main.py; dirname main.py"),
        "main\n/app/src\n.\n"
    );
    s.sh("clear");
    assert_eq!(s.sys.cleared, 1);
    let mut a = Session::alpine();
    assert_eq!(
        a.sh("uname -a"),
        "Linux 8dcddea20192 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 Linux\n"
    );
    assert_eq!(
        a.sh("id"),
        "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n"
    );
    assert_eq!(a.sh("sleep x"), "sleep: invalid number 'x'\n");
    assert_eq!(
        a.sh("env"),
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=8dcddea20192\nHOME=/root\n"
    );
    let mut d = Session::debian_bash();
    assert_eq!(d.sh("id"), "uid=0(root) gid=0(root) groups=0(root)\n");
}

#[test]
fn ps_formats() {
    let mut a = Session::alpine();
    assert_eq!(
        a.sh("ps"),
        "PID   USER     TIME  COMMAND\n    1 root      0:00 python -m http.server 8888\n    2 root      0:00 ps\n"
    );
    assert_eq!(a.sh("ps aux | wc -l"), "3\n");
    let mut d = Session::debian_bash();
    d.sys.procs.push(dockyard_coreutils::ProcessInfo {
        pid: 7,
        ppid: 0,
        command: "bash".into(),
        tty: Some("pts/0".into()),
        stat: "Ss".into(),
        start: dockyard_coreutils::testing::T0,
        vsz_kb: 4_188,
        rss_kb: 3_456,
        ..Default::default()
    });
    assert_eq!(
        d.sh("ps"),
        "    PID TTY          TIME CMD\n      7 pts/0    00:00:00 bash\n      8 pts/0    00:00:00 ps\n"
    );
    assert_eq!(
        d.sh("ps -ef"),
        "UID          PID    PPID  C STIME TTY          TIME CMD\n\
root           1       0  0 15:44 ?        00:00:00 python -m http.server 8888\n\
root           7       0  0 15:45 pts/0    00:00:00 bash\n\
root           8       7  0 15:45 pts/0    00:00:00 ps -ef\n"
    );
    assert_eq!(
        d.sh("ps aux"),
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n\
root           1  0.0  0.0      0     0 ?        S    15:44   0:00 python -m http.server 8888\n\
root           7  0.0  0.0   4188  3456 pts/0    Ss   15:45   0:00 bash\n\
root           8  0.0  0.1   8088  4096 pts/0    R+   15:45   0:00 ps aux\n"
    );
    assert!(
        d.sh("ps -Z")
            .starts_with("error: unsupported SysV option\n\nUsage:\n ps [options]\n")
    );
}

#[test]
fn help_and_version() {
    let mut s = Session::host();
    assert!(s.sh("ls --help").starts_with("Usage: ls [OPTION]... [FILE]...\n"));
    assert!(s.sh("cat --version").starts_with("cat (GNU coreutils) 9.4\n"));
    let mut a = Session::alpine();
    let o = a.run("cat --help");
    assert_eq!(o.status, 0);
    assert!(
        o.err.starts_with(
            "BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: cat [-nbvteA] [FILE]..."
        )
    );
}
