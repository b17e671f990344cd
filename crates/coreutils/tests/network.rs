//! wget, curl, ping and nslookup over the fake network of the TestSystem.

mod common;

use common::Session;
use dockyard_coreutils::HttpResponse;

fn nginx_page() -> HttpResponse {
    HttpResponse {
        version: "HTTP/1.1".into(),
        status: 200,
        reason: "OK".into(),
        headers: vec![
            ("Server".into(), "nginx/1.27.0".into()),
            ("Content-Type".into(), "text/html".into()),
            ("Content-Length".into(), "26".into()),
        ],
        body: "<h1>Welcome to nginx!</h1>".into(),
    }
}

#[test]
fn busybox_wget() {
    let mut a = Session::alpine();
    a.sys.serve("localhost", 8888, "file: none\n");
    // The seed session: `wget -qO- localhost:8888` inside the container.
    assert_eq!(a.sh("wget -qO- localhost:8888"), "file: none\n");
    let o = a.run("wget localhost:8888");
    assert_eq!(
        o.err,
        "Connecting to localhost:8888 (127.0.0.1:8888)\n\
saving to 'index.html'\n\
index.html           100% |********************************|    11  0:00:00 ETA\n\
'index.html' saved\n"
    );
    assert_eq!(a.sys.text("/index.html").unwrap(), "file: none\n");
    assert_eq!(
        a.sh("wget -q localhost:8888"),
        "wget: can't open 'index.html': File exists\n"
    );
    assert_eq!(
        a.sh("wget -q -O page.html localhost:8888/x; cat page.html"),
        "file: none\n"
    );
    let o = a.run("wget -qO- localhost:8080");
    assert_eq!(
        (o.err.as_str(), o.status),
        (
            "wget: can't connect to remote host (127.0.0.1): Connection refused\n",
            1
        )
    );
    assert_eq!(a.sh("wget -qO- http://web/"), "wget: bad address 'web'\n");
    a.sys.servers.insert(
        ("localhost".into(), 9000),
        HttpResponse {
            version: "HTTP/1.0".into(),
            status: 404,
            reason: "File not found".into(),
            headers: vec![],
            body: String::new(),
        },
    );
    assert_eq!(
        a.sh("wget -qO- localhost:9000/nope"),
        "wget: server returned error: HTTP/1.0 404 File not found\n"
    );
    assert_eq!(a.sh("wget -qO- ftp://x"), "wget: unsupported URL scheme: ftp\n");
}

#[test]
fn gnu_wget() {
    let mut s = Session::host();
    s.sys.servers.insert(("localhost".into(), 8080), nginx_page());
    assert_eq!(s.sh("wget -qO- localhost:8080"), "<h1>Welcome to nginx!</h1>");
    let o = s.run("wget localhost:8080");
    assert_eq!(
        o.err,
        "--2025-11-22 15:45:00--  http://localhost:8080/\n\
Resolving localhost (localhost)... 127.0.0.1\n\
Connecting to localhost (localhost)|127.0.0.1|:8080... connected.\n\
HTTP request sent, awaiting response... 200 OK\n\
Length: 26 [text/html]\n\
Saving to: ‘index.html’\n\
\n\
index.html          100%[===================>]      26  --.-KB/s    in 0s      \n\
\n\
2025-11-22 15:45:00 (52.1 MB/s) - ‘index.html’ saved [26/26]\n\n"
    );
    // A second download keeps the first file.
    s.sh("wget -q localhost:8080");
    assert!(s.sys.text("/home/student/index.html.1").is_some());
    let o = s.run("wget localhost:9999");
    assert!(
        o.err
            .ends_with("Connecting to localhost (localhost)|127.0.0.1|:9999... failed: Connection refused.\n"),
        "{}",
        o.err
    );
    assert_eq!(o.status, 4);
    let o = s.run("wget http://web/");
    assert_eq!(
        o.err,
        "--2025-11-22 15:45:00--  http://web/\nResolving web (web)... failed: Name or service not known.\nwget: unable to resolve host address ‘web’\n"
    );
    assert_eq!(o.status, 4);
}

#[test]
fn curl_requests_and_errors() {
    let mut s = Session::host();
    s.sys.servers.insert(("localhost".into(), 8080), nginx_page());
    assert_eq!(s.sh("curl localhost:8080"), "<h1>Welcome to nginx!</h1>");
    assert_eq!(
        s.sh("curl -i localhost:8080"),
        "HTTP/1.1 200 OK\nServer: nginx/1.27.0\nContent-Type: text/html\nContent-Length: 26\n\n<h1>Welcome to nginx!</h1>"
    );
    assert_eq!(s.sh("curl -sI localhost:8080 | head -n 1"), "HTTP/1.1 200 OK\n");
    assert_eq!(s.sys.requests.last().unwrap().method, "HEAD");
    // Piped or saved, curl shows its progress meter on stderr unless -s.
    let o = s.run("curl localhost:8080 | wc -c");
    assert_eq!(o.out, "26\n");
    assert_eq!(
        o.err,
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100    26  100    26    0     0  26000      0 --:--:-- --:--:-- --:--:-- 26000\n"
    );
    assert_eq!(
        s.sh("curl -s -o page.html localhost:8080; cat page.html"),
        "<h1>Welcome to nginx!</h1>"
    );
    s.sh("curl -s -X POST -H 'X-Token: 1' -d name=web localhost:8080/api");
    let req = s.sys.requests.last().unwrap().clone();
    assert_eq!(
        (req.method.as_str(), req.path.as_str(), req.body.as_str()),
        ("POST", "/api", "name=web")
    );
    assert!(req.headers.contains(&("X-Token".into(), "1".into())));
    assert!(
        req.headers
            .contains(&("Content-Type".into(), "application/x-www-form-urlencoded".into()))
    );
    assert!(req.headers.contains(&("Host".into(), "localhost:8080".into())));
    let o = s.run("curl localhost:8081");
    assert_eq!(
        (o.err.as_str(), o.status),
        (
            "curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server\n",
            7
        )
    );
    let o = s.run("curl http://web:5000/");
    assert_eq!(
        (o.err.as_str(), o.status),
        ("curl: (6) Could not resolve host: web\n", 6)
    );
    assert_eq!(s.run("curl -s web").all, "");
    assert_eq!(s.sh("curl -sS web"), "curl: (6) Could not resolve host: web\n");
    assert_eq!(
        s.sh("curl"),
        "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
    );
    assert_eq!(
        s.sh("curl --bogus x"),
        "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
    );
    assert_eq!(
        s.sh("curl -s -w '%{http_code}\\n' -o /dev/null localhost:8080"),
        "200\n"
    );
}

#[test]
fn curl_follows_redirects_and_fails() {
    let mut s = Session::host();
    s.sys.servers.insert(
        ("localhost".into(), 80),
        HttpResponse {
            version: "HTTP/1.1".into(),
            status: 301,
            reason: "Moved Permanently".into(),
            headers: vec![("Location".into(), "http://localhost:8080/".into())],
            body: String::new(),
        },
    );
    s.sys.servers.insert(("localhost".into(), 8080), nginx_page());
    s.sys.servers.insert(
        ("localhost".into(), 8081),
        HttpResponse {
            version: "HTTP/1.1".into(),
            status: 404,
            reason: "Not Found".into(),
            headers: vec![],
            body: "nope\n".into(),
        },
    );
    assert_eq!(s.sh("curl localhost"), "");
    assert_eq!(s.sh("curl -L localhost"), "<h1>Welcome to nginx!</h1>");
    assert_eq!(s.sh("curl localhost:8081"), "nope\n");
    let o = s.run("curl -f localhost:8081");
    assert_eq!(
        (o.err.as_str(), o.status),
        ("curl: (22) The requested URL returned error: 404\n", 22)
    );
}

#[test]
fn ping_per_flavor() {
    let mut a = Session::alpine();
    a.sys.hosts.insert("web".into(), "172.18.0.2".into());
    assert_eq!(
        a.sh("ping -c 2 web"),
        "PING web (172.18.0.2): 56 data bytes\n\
64 bytes from 172.18.0.2: seq=0 ttl=64 time=0.056 ms\n\
64 bytes from 172.18.0.2: seq=1 ttl=64 time=0.093 ms\n\
\n\
--- web ping statistics ---\n\
2 packets transmitted, 2 packets received, 0% packet loss\n\
round-trip min/avg/max = 0.056/0.074/0.093 ms\n"
    );
    let o = a.run("ping db");
    assert_eq!((o.err.as_str(), o.status), ("ping: bad address 'db'\n", 1));
    let mut s = Session::host();
    s.sys.hosts.insert("web".into(), "172.18.0.2".into());
    assert_eq!(
        s.sh("ping -c 1 web"),
        "PING web (172.18.0.2) 56(84) bytes of data.\n\
64 bytes from web (172.18.0.2): icmp_seq=1 ttl=64 time=0.056 ms\n\
\n\
--- web ping statistics ---\n\
1 packets transmitted, 1 received, 0% packet loss, time 3ms\n\
rtt min/avg/max/mdev = 0.056/0.056/0.056/0.000 ms\n"
    );
    let o = s.run("ping -c 1 db");
    assert_eq!((o.err.as_str(), o.status), ("ping: db: Name or service not known\n", 2));
    // Resolvable but unreachable: every packet is lost.
    s.sys.unreachable.push("web".into());
    let o = s.run("ping -c 2 web");
    assert!(
        o.out.contains("2 packets transmitted, 0 received, 100% packet loss"),
        "{}",
        o.out
    );
    assert_eq!(o.status, 1);
}

#[test]
fn nslookup_uses_the_container_resolver() {
    let mut a = Session::alpine();
    a.sys.hosts.insert("web".into(), "172.18.0.2".into());
    assert_eq!(
        a.sh("nslookup web"),
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tweb\nAddress: 172.18.0.2\n\n"
    );
    let o = a.run("nslookup db");
    assert_eq!(
        o.out,
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find db: NXDOMAIN\n\n"
    );
    assert_eq!(o.status, 1);
}
