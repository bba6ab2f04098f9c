"""The class at the server alone: protocol-level students, no browser (tests/load/class_load.py).

On demand only (see conftest.py). Ten students open the studio, press Train together and each
checks their own finished run (epoch 20 of 20, a test confusion matrix of 45 rows, accuracy >=
0.9); then ten drop their connection mid-run, come back to their session and check it again. The
figures for other class sizes come from `make load-server N=..`.
"""

import pytest

from tests.load import class_load

pytestmark = [pytest.mark.timeout(900), pytest.mark.xdist_group("load")]


def test_ten_students_train_at_once_and_come_back_after_a_drop(capsys):
    code = class_load.main(["--n", "10", "--scenarios", "burst", "churn", "--single-rounds", "1",
                            "--ttl", "30", "--free-wait", "5"])
    out = capsys.readouterr().out
    print(out)
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("sessions=10 errors=0 "), out
    assert "churn: 10/10 came back" in out
    assert code == 0
