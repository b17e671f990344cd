mod common;
use common::*;

#[test]
fn smoke() {
    assert_eq!(
        out("print('hello', 1+2, 3/2, 7//2, -7%3, 2**10)\n"),
        "hello 3 1.5 3 2 1024\n"
    );
    assert_eq!(out("x = [1,2,3]\nfor i in x:\n    print(i*2)\n"), "2\n4\n6\n");
    assert_eq!(out("def f(a, b=2):\n    return a+b\nprint(f(1), f(1, b=5))\n"), "3 6\n");
    assert_eq!(
        out("name='W'\nprint(f'hi {name}! {3.14159:.2f} {name!r}')\n"),
        "hi W! 3.14 'W'\n"
    );
    assert_eq!(
        out(
            "class A:\n    def __init__(self, x):\n        self.x = x\n    def get(self):\n        return self.x\nprint(A(5).get())\n"
        ),
        "5\n"
    );
    assert_eq!(
        out("d = {'a': 1}\nd['b'] = 2\nprint(d, len(d), list(d.items()))\n"),
        "{'a': 1, 'b': 2} 2 [('a', 1), ('b', 2)]\n"
    );
    assert_eq!(
        out("try:\n    1/0\nexcept ZeroDivisionError as e:\n    print('err', e)\n"),
        "err division by zero\n"
    );
    assert_eq!(out("print([x*x for x in range(5) if x % 2 == 0])\n"), "[0, 4, 16]\n");
}

#[test]
fn traceback() {
    let e = err("x = 1\nprint(foo)\n");
    assert_eq!(
        e,
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 2, in <module>\n    print(foo)\n          ^^^\nNameError: name 'foo' is not defined\n"
    );
}
