/* Built-in templates loaded first from several threads at once, as `nashra -O` does: each must
 * load without an error (GLib's lazy resource registration once handed a thread NULL, and a
 * stray errno once failed `margin-top=72pt`). The race is run in fresh child processes, enough
 * of them (a child hit it about one time in six) that the bug is all but certain to show. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "template/template.h"

enum { N_THREADS = 8, N_RUNS = 40 };
static pthread_barrier_t start;
static int ok_token; /* what a thread returns when it loaded the template */

static void *load(void *arg)
{
    (void)arg;
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t", NULL, 0);
    diag.out = NULL; /* counted, not printed */
    pthread_barrier_wait(&start);
    struct nashra_template *t = nashra_template_load("report", &diag);
    bool ok = t && !nashra_diag_failed(&diag);
    nashra_template_free(t);
    return ok ? arg : NULL;
}

/* One fresh process's first loads: 0 when every thread loaded the template. */
static int race(void)
{
    pthread_t th[N_THREADS];
    pthread_barrier_init(&start, NULL, N_THREADS);
    for (int i = 0; i < N_THREADS; i++)
        pthread_create(&th[i], NULL, load, &ok_token);
    int failed = 0;
    for (int i = 0; i < N_THREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        failed += r == NULL;
    }
    pthread_barrier_destroy(&start);
    return failed;
}

int main(void)
{
    int bad = 0;
    for (int run = 0; run < N_RUNS; run++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(race() ? 1 : 0);
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            bad++;
    }
    if (bad)
        fprintf(stderr, "%d of %d processes failed to load a built-in template from threads\n",
                bad, N_RUNS);
    return bad ? EXIT_FAILURE : EXIT_SUCCESS;
}
