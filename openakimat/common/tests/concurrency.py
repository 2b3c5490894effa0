"""Running the same work in several threads at once, for the PostgreSQL concurrency tests: every
thread waits at a barrier, then runs `work(i)`; what each returned, or the exception it raised, is
collected for the test to assert on. Each thread closes its database connections when done."""

import threading

from django.db import connections


def run_together(n, work):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
