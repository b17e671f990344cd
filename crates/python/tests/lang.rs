//! The supported language subset, checked against CPython 3.11 output.
mod common;
use common::*;

#[test]
fn arithmetic_and_numbers() {
    assert_eq!(
        out("print(1 + 2 * 3, (1 + 2) * 3, 10 / 4, 10 // 4, 10 % 4, -10 // 4, -10 % 4)\n"),
        "7 9 2.5 2 2 -3 2\n"
    );
    assert_eq!(
        out("print(0.1 + 0.2, 1e16, 1.0, 2.5e-5, 3 * 1.5, 2 ** -1)\n"),
        "0.30000000000000004 1e+16 1.0 2.5e-05 4.5 0.5\n"
    );
    assert_eq!(
        out("print(int('42') + 1, float('1.5'), int(3.9), round(2.5), round(3.5), round(2.675, 2))\n"),
        "43 1.5 3 2 4 2.67\n"
    );
    assert_eq!(
        out("print(abs(-3), min(3, 1, 2), max([4, 9, 2]), sum(range(10)), divmod(7, 2))\n"),
        "3 1 9 45 (3, 1)\n"
    );
    assert_eq!(
        out("print(hex(255), bin(5), oct(8), 0x1f, 1_000_000, True + True)\n"),
        "0xff 0b101 0o10 31 1000000 2\n"
    );
    assert_eq!(out("print(2 ** 100)\n"), "1267650600228229401496703205376\n");
    assert_eq!(out("x = 5\nx += 3\nx *= 2\nx -= 1\nprint(x)\n"), "15\n");
}

#[test]
fn strings() {
    assert_eq!(
        out("s = '  Hello, World  '\nprint(s.strip().upper(), s.strip().lower(), s.split(','))\n"),
        "HELLO, WORLD hello, world ['  Hello', ' World  ']\n"
    );
    assert_eq!(
        out("print('-'.join(['a', 'b', 'c']), 'a b  c'.split(), 'x'.startswith('x'), 'abc'.replace('b', 'B'))\n"),
        "a-b-c ['a', 'b', 'c'] True aBc\n"
    );
    assert_eq!(
        out("print('{} is {}'.format('x', 1), '{0}{1}{0}'.format('a', 'b'), '{name:>5}|'.format(name='ab'))\n"),
        "x is 1 aba    ab|\n"
    );
    assert_eq!(
        out("print('%s=%d (%.2f)' % ('pi', 3, 3.14159), 'abc'[1], 'abcdef'[1:4], 'abc'[::-1], len('héllo'))\n"),
        "pi=3 (3.14) b bcd cba 5\n"
    );
    assert_eq!(
        out("print(\"it's\", 'say \"hi\"', '''tri\nple''', r'raw\\n')\n"),
        "it's say \"hi\" tri\nple raw\\n\n"
    );
    assert_eq!(
        out("print('hi'.encode(), b'abc'.decode(), b'A' + b'B', repr('a\\nb'), 'x' * 3)\n"),
        "b'hi' abc b'AB' 'a\\nb' xxx\n"
    );
    assert_eq!(
        out("x = 3\nprint(f'{x} {x*2:>4} {x:05.1f} {\"q\"} {x=}')\n"),
        "3    6 003.0 q x=3\n"
    );
    assert_eq!(
        out("print(f'{1000000:,}', f'{0.256:.1%}', f'{255:x}', f'{\"ab\":^6}|')\n"),
        "1,000,000 25.6% ff   ab  |\n"
    );
}

#[test]
fn collections() {
    assert_eq!(
        out("l = [3, 1, 2]\nl.append(5)\nl.sort()\nprint(l, l[-1], l[1:3], len(l), 2 in l)\n"),
        "[1, 2, 3, 5] 5 [2, 3] 4 True\n"
    );
    assert_eq!(
        out("t = (1, 'a')\na, b = t\nprint(a, b, t, (1,), ())\n"),
        "1 a (1, 'a') (1,) ()\n"
    );
    assert_eq!(
        out("d = {'x': 1}\nprint(d.get('y', 0), d.get('x'), list(d.keys()), d)\nd.update(y=2)\nprint(d.pop('x'), d)\n"),
        "0 1 ['x'] {'x': 1}\n1 {'y': 2}\n"
    );
    assert_eq!(
        out("s = {1, 2}\ns.add(3)\nprint(s, len(s), 2 in s, set())\n"),
        "{1, 2, 3} 3 True set()\n"
    );
    assert_eq!(
        out("print(sorted(['b', 'C', 'a'], key=str.lower), sorted([3, 1, 2], reverse=True), list(reversed([1, 2])))\n"),
        "['a', 'b', 'C'] [3, 2, 1] [2, 1]\n"
    );
    assert_eq!(
        out(
            "print(list(enumerate('ab')), list(zip([1, 2], 'ab')), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))\n"
        ),
        "[(0, 'a'), (1, 'b')] [(1, 'a'), (2, 'b')] ['1', '2'] [1, 2]\n"
    );
    assert_eq!(
        out("print({k: v * 2 for k, v in {'a': 1}.items()}, {x % 3 for x in range(10)}, sum(x for x in range(4)))\n"),
        "{'a': 2} {0, 1, 2} 6\n"
    );
    assert_eq!(
        out("a = [1]\nb = a\nb += [2]\nprint(a, a is b, [1] == [1], [1] is [1])\n"),
        "[1, 2] True True False\n"
    );
    assert_eq!(
        out("x, *rest = [1, 2, 3]\nprint(x, rest)\nl = [0] * 3\nl[1:2] = [7, 8]\nprint(l)\n"),
        "1 [2, 3]\n[0, 7, 8, 0]\n"
    );
    assert_eq!(out("a = []\na.append(a)\nprint(a)\n"), "[[...]]\n");
    assert_eq!(
        out("print(dict(a=1), list(range(2, 10, 3)), tuple('ab'), range(3))\n"),
        "{'a': 1} [2, 5, 8] ('a', 'b') range(0, 3)\n"
    );
}

#[test]
fn control_flow() {
    let src = "for i in range(10):\n    if i == 2:\n        continue\n    elif i > 4:\n        break\n    print(i)\nelse:\n    print('no')\nn = 0\nwhile n < 3:\n    n += 1\nelse:\n    print('done', n)\n";
    assert_eq!(out(src), "0\n1\n3\n4\ndone 3\n");
    assert_eq!(
        out("x = 5 if True else 6\nprint(x, not x, x and 0, 0 or 'y', 1 < 2 < 3, 3 > 2 > 2)\n"),
        "5 False 0 y True False\n"
    );
    assert_eq!(
        out("def f(n):\n    if n <= 1:\n        return 1\n    return n * f(n - 1)\nprint(f(20))\n"),
        "2432902008176640000\n"
    );
}

#[test]
fn functions_and_scopes() {
    let src = "count = 0\ndef inc():\n    global count\n    count += 1\ninc(); inc()\nprint(count)\ndef outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x += 1\n        return x\n    return inner\nf = outer()\nprint(f(), f())\n";
    assert_eq!(out(src), "2\n2 3\n");
    assert_eq!(
        out("def f(*args, **kw):\n    return args, kw\nprint(f(1, 2, a=3))\n"),
        "((1, 2), {'a': 3})\n"
    );
    assert_eq!(out("sq = lambda x: x * x\nprint(sq(4), (lambda: 'k')())\n"), "16 k\n");
    assert_eq!(
        out("def f(a, *, key=1):\n    return a + key\nprint(f(1), f(1, key=2))\n"),
        "2 3\n"
    );
}

#[test]
fn classes() {
    let src = "class Animal:\n    sound = '...'\n    def __init__(self, name):\n        self.name = name\n    def speak(self):\n        return f'{self.name} says {self.sound}'\n    def __str__(self):\n        return f'Animal({self.name})'\nclass Dog(Animal):\n    sound = 'woof'\n    def __init__(self, name, age):\n        super().__init__(name)\n        self.age = age\nd = Dog('Rex', 3)\nprint(d.speak(), d.age, str(d), isinstance(d, Animal), type(d).__name__)\nprint(d)\n";
    assert_eq!(out(src), "Rex says woof 3 Animal(Rex) True Dog\nAnimal(Rex)\n");
    let src = "class P:\n    def __init__(self, x):\n        self._x = x\n    @property\n    def x(self):\n        return self._x\n    @staticmethod\n    def s():\n        return 's'\n    @classmethod\n    def c(cls):\n        return cls.__name__\n    def __repr__(self):\n        return f'P({self._x})'\n    def __eq__(self, o):\n        return self._x == o._x\nprint(P(1).x, P.s(), P.c(), [P(2)], P(1) == P(1))\n";
    assert_eq!(out(src), "1 s P [P(2)] True\n");
    let src = "class A:\n    pass\na = A()\nprint(repr(a).startswith('<__main__.A object at 0x'))\n";
    assert_eq!(out(src), "True\n");
}

#[test]
fn exceptions() {
    let src = "class MyError(Exception):\n    pass\ntry:\n    raise MyError('boom')\nexcept (KeyError, MyError) as e:\n    print('caught', e, repr(e))\nfinally:\n    print('finally')\ntry:\n    {}['k']\nexcept KeyError as e:\n    print('key', e)\ntry:\n    int('x')\nexcept ValueError as e:\n    print(e)\nelse:\n    print('no')\n";
    assert_eq!(
        out(src),
        "caught boom MyError('boom')\nfinally\nkey 'k'\ninvalid literal for int() with base 10: 'x'\n"
    );
    let src = "try:\n    open('/nope.txt')\nexcept FileNotFoundError as e:\n    print(e.errno, e)\nexcept Exception:\n    print('other')\n";
    assert_eq!(out(src), "2 [Errno 2] No such file or directory: '/nope.txt'\n");
    let src = "def f():\n    try:\n        return 1\n    finally:\n        print('cleanup')\nprint(f())\n";
    assert_eq!(out(src), "cleanup\n1\n");
}

#[test]
fn modules_os_sys() {
    let mut h = host();
    h.env.push(("FILE".into(), "/data/x".into()));
    let (o, e, c) = run_with(
        "import os, sys\nfrom os import getenv\nprint(os.name, os.getenv('FILE'), getenv('NOPE', 'dflt'), os.environ['HOME'], os.environ.get('X'))\nprint(sys.argv, os.getcwd(), os.path.join('/a', 'b.txt'), os.path.basename('/a/b.txt'))\nprint(sys.version.split()[0], sys.platform, os.path.exists('/app/x.py'), os.listdir('/app'))\n",
        &mut h,
        &dockyard_python::RunOptions::default(),
    );
    assert_eq!((e.as_str(), c), ("", 0));
    assert_eq!(
        o,
        "posix /data/x dflt /root None\n['x.py'] /app /a/b.txt b.txt\n3.11.5 linux True ['x.py']\n"
    );
}

#[test]
fn files() {
    let mut h = host();
    h.dirs.push("/data".into());
    h.files.insert("/data/in.txt".into(), b"line1\nline2\n".to_vec());
    let src = "with open('/data/in.txt') as f:\n    lines = f.readlines()\nprint(lines)\nwith open('/data/out.txt', 'w') as f:\n    f.write('hello\\n')\nf = open('/data/out.txt', 'a')\nf.write('more\\n')\nf.close()\nprint(open('/data/out.txt').read(), end='')\nprint(open('/data/in.txt', 'rb').read())\nfor line in open('/data/in.txt'):\n    print(line.strip())\n";
    let (o, e, c) = run_with(src, &mut h, &dockyard_python::RunOptions::default());
    assert_eq!((e.as_str(), c), ("", 0));
    assert_eq!(
        o,
        "['line1\\n', 'line2\\n']\nhello\nmore\nb'line1\\nline2\\n'\nline1\nline2\n"
    );
    assert_eq!(h.files["/data/out.txt"], b"hello\nmore\n");
}

#[test]
fn read_only_filesystem() {
    let mut h = host();
    h.dirs.push("/data".into());
    h.read_only.push("/data".into());
    let (_, e, c) = run_with(
        "open('/data/x', 'w')\n",
        &mut h,
        &dockyard_python::RunOptions::default(),
    );
    assert_eq!(c, 1);
    assert!(
        e.ends_with("OSError: [Errno 30] Read-only file system: '/data/x'\n"),
        "{e}"
    );
}

#[test]
fn json_time_random_datetime() {
    assert_eq!(
        out(
            "import json\nprint(json.dumps({'a': [1, 2.5, None, True], 'b': 'é'}))\nprint(json.dumps({'b': 1, 'a': 2}, indent=2, sort_keys=True))\nprint(json.loads('{\"x\": [1, {\"y\": null}]}'))\n"
        ),
        "{\"a\": [1, 2.5, null, true], \"b\": \"\\u00e9\"}\n{\n  \"a\": 2,\n  \"b\": 1\n}\n{'x': [1, {'y': None}]}\n"
    );
    let mut h = host();
    let (o, e, c) = run_with(
        "import time, datetime\nt = time.time()\ntime.sleep(2.5)\nprint(time.time() - t)\nprint(datetime.datetime.now())\nprint(datetime.datetime(2023, 9, 19, 21, 59, 56).strftime('%d/%b/%Y %H:%M'))\n",
        &mut h,
        &dockyard_python::RunOptions::default(),
    );
    assert_eq!(c, 0, "{e}");
    assert_eq!(o, "2.5\n2023-09-19 21:59:58.500000\n19/Sep/2023 21:59\n");
    let a = out("import random\nprint(random.randint(1, 6), random.choice('abc'), round(random.random(), 3))\n");
    let b = out("import random\nprint(random.randint(1, 6), random.choice('abc'), round(random.random(), 3))\n");
    assert_eq!(a, b, "deterministic for a given host");
}

#[test]
fn input_reads_host_stdin() {
    let mut h = host();
    h.stdin = vec!["Ada".into()];
    let (o, _, c) = run_with(
        "name = input('Name: ')\nprint(f'Hello, {name}!')\ninput()\n",
        &mut h,
        &dockyard_python::RunOptions::default(),
    );
    assert_eq!(c, 1);
    assert_eq!(o, "Name: Hello, Ada!\n");
}

#[test]
fn local_module_import() {
    let mut h = host();
    h.files.insert(
        "/app/helpers.py".into(),
        b"def greet(n):\n    return 'hi ' + n\nVALUE = 42\n".to_vec(),
    );
    let (o, e, c) = run_with(
        "import helpers\nfrom helpers import VALUE\nprint(helpers.greet('x'), VALUE, helpers.__name__)\n",
        &mut h,
        &dockyard_python::RunOptions::default(),
    );
    assert_eq!((o.as_str(), e.as_str(), c), ("hi x 42 helpers\n", "", 0));
}

#[test]
fn main_guard_and_argv() {
    let mut h = host();
    h.files.insert(
        "/app/my_script.py".into(),
        b"import sys\nif __name__ == '__main__':\n    print('args:', sys.argv[1:])\n".to_vec(),
    );
    let o = dockyard_python::run_python(
        &argv(&["python", "./my_script.py", "my_var"]),
        &dockyard_python::RunOptions::default(),
        &mut h,
    );
    assert_eq!(o.stdout, "args: ['my_var']\n");
}

#[test]
fn garbage_collection_keeps_live_data() {
    let src = "class Box:\n    def __init__(self, v):\n        self.v = v\ndef make(i):\n    return {'i': i, 'l': [i, [i]]}\nkeep = []\nfor i in range(120000):\n    tmp = make(i)\n    if i % 40000 == 0:\n        keep.append((Box(tmp), tmp))\nprint(len(keep), keep[-1][0].v['l'], keep[1][1]['i'], make(7))\n";
    assert_eq!(out(src), "3 [80000, [80000]] 40000 {'i': 7, 'l': [7, [7]]}\n");
}

#[test]
fn eval_and_exec() {
    assert_eq!(
        out("x = 4\nprint(eval('x * 2 + 1'))\nexec('y = x + 1\\nprint(y)')\nprint(y)\n"),
        "9\n5\n5\n"
    );
    let e = err("eval('1 +')\n");
    assert!(e.contains("SyntaxError"), "{e}");
}
