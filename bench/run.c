// SPDX-License-Identifier: MIT
/* run.c - the timing loop of make bench. Reads contenders, one per line:
 * NAME, a tab, then the argv separated by tabs. Runs ROUNDS rounds; each
 * round runs every contender once, in a fresh random order, with stdin,
 * stdout and stderr on /dev/null, timing fork to reaped exit. Prints
 * "NAME<tab>MICROSECONDS" per run, -1 for a run that failed (some peers
 * cannot do the job on some targets: that is a result too).
 * Usage: run ROUNDS CONTENDERS-FILE */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONTENDERS 32
#define MAX_ARGS 64

struct contender {
	char *name;
	char *argv[MAX_ARGS];
};

static int load(const char *path, struct contender *c)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "re");
	int n = 0;
	size_t len;

	if (f == NULL)
		return -1;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line && n < MAX_CONTENDERS;
	     line = strtok_r(NULL, "\n", &save)) {
		char *s2 = NULL;
		int a = 0;

		c[n].name = strtok_r(line, "\t", &s2);
		while (a < MAX_ARGS - 1 && (c[n].argv[a] = strtok_r(NULL, "\t", &s2)) != NULL)
			a++;
		c[n].argv[a] = NULL;
		if (a > 0)
			n++;
	}
	return n;
}

static long run_once(const struct contender *c)
{
	struct timespec t0, t1;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
}

int main(int argc, char *argv[])
{
	struct contender c[MAX_CONTENDERS];
	int order[MAX_CONTENDERS];
	int rounds, n;

	if (argc != 3 || (rounds = atoi(argv[1])) <= 0 || (n = load(argv[2], c)) <= 0) {
		fprintf(stderr, "usage: run ROUNDS CONTENDERS-FILE\n");
		return 2;
	}
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int r = 0; r < rounds; r++) {
		for (int i = n - 1; i > 0; i--) {	/* Fisher-Yates */
			int j = (int)(random() % (i + 1)), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		for (int i = 0; i < n; i++) {
			const struct contender *k = &c[order[i]];
			printf("%s\t%ld\n", k->name, run_once(k));
		}
	}
	return 0;
}
