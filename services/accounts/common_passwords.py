"""Passwords seen most often in public breach corpora, refused whatever else they satisfy.

Most of the classic top entries are already too short for the policy; the list leans towards
the long ones with letters and digits that the length and character rules would let through.
"""

from __future__ import annotations

_LIST = """
    123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon
    123123 baseball abc123 football monkey letmein 696969 shadow master 666666
    qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212
    000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter
    password1 password12 password123 password1234 password12345 passw0rd123 p@ssw0rd123
    qwerty123 qwerty1234 qwerty12345 qwerty123456 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4t5
    q1w2e3r4t5y6 1qaz2wsx3edc zaq12wsxcde abc1234567 abcd123456 abcdef1234 a123456789
    a1234567890 1234567890a 1234567890q 123456789a 123456789q 123456789abc iloveyou123
    iloveyou1234 welcome123 welcome1234 admin12345 admin123456 administrator1 letmein123
    football123 baseball123 sunshine123 princess123 monkey12345 dragon12345 superman123
    starwars123 computer123 internet123 changeme123 whatever123 trustno1234 qwe123456789
    asdf123456 asdfgh123456 zxcvbnm123 woaini1314 woaini520 wang123456 li1234567890
    zhang123456 aa123456789 qq123456789 asd123456789 a5201314abc
"""

COMMON_PASSWORDS: frozenset[str] = frozenset(_LIST.split())
