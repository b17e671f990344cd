//! The rest of the container lifecycle: create/start -a, attach and detach, pause,
//! rename, wait, cp, diff, commit, restart policies and interactive shells.

mod common;
use common::session;

#[test]
fn create_start_attach_detach() {
    insta::assert_snapshot!(session(
        "docker create --name once alpine echo created-then-started
docker ps -a
docker start -a once
docker run -it --name box alpine sh
echo inside
ls /
^P^Q
docker ps
docker attach box
hostname
exit
docker ps -a
"
    ));
}

#[test]
fn pause_rename_wait_restart() {
    insta::assert_snapshot!(session(
        "docker run -d --name worker alpine sleep 5
docker pause worker
docker ps
docker exec worker ls
docker unpause worker
docker rename worker sleepy
docker wait sleepy
docker ps -a
docker run -d --name flaky --restart on-failure:2 alpine sh -c 'exit 3'
sleep 1
docker ps -a
docker inspect --format '{{.RestartCount}} {{.State.Status}}' flaky
"
    ));
}

#[test]
fn cp_diff_commit() {
    insta::assert_snapshot!(session(
        "docker run -d --name src alpine sleep 1000
docker exec src sh -c 'mkdir -p /data && echo hello > /data/greeting.txt && rm /etc/motd'
docker diff src
docker cp src:/data/greeting.txt .
cat greeting.txt
echo from-host > note.txt
docker cp note.txt src:/tmp/
docker exec src cat /tmp/note.txt
docker commit src snapshot:v1
docker run --rm snapshot:v1 cat /data/greeting.txt
docker image history snapshot:v1
"
    ));
}

#[test]
fn interactive_shells_and_repls() {
    insta::assert_snapshot!(session(
        "docker run -it --rm ubuntu:22.04 bash
pwd
cd /tmp
echo $HOME
nosuchcmd
exit 5
echo $?
docker run -it --rm python:3.11.5-alpine python
x = 6 * 7
print(f\"answer: {x}\")
def sq(n):
    return n * n

sq(12)
1/0
^D
docker run -it node:20-alpine node --version
docker run --rm alpine cat /etc/os-release
"
    ));
}
