"""What one board, one submission and one session may put in the store: every number in one place.

Sized for a class of 40 projecting one board for a lesson: generous for people, small for a script.
"""

# A display name fits one row of a projected table beside the scores.
NAME_LENGTH = 40

# A submission: one run out of a few a student tries. 40 students x ~12 runs leaves room for 480;
# past that a board is a spammed board, and its teacher clears it (or makes a new one).
MAX_SUBMISSIONS_PER_BOARD = 500

# Per session (one browser tab): a run takes the studio at least a few seconds to train and read,
# so 6 a minute is more than a person submits, and all a script can add from one tab. The load
# figure (benchmarks/bench_board.py: 20 sessions x 5 submissions in one minute) fits under it.
SESSION_SUBMISSIONS = 6
SESSION_WINDOW_SECONDS = 60.0

# A teacher makes a board or two per lesson; a tab creating more than this a minute is a script.
SESSION_BOARDS = 3

# The regions picture: 64 x 64 pixels of a few colours is 1-4 kB as a PNG; 32 kB is any of them,
# and a board of 500 stays under 16 MB.
PICTURE_PIXELS = 64
MAX_PICTURE_BYTES = 32_000

# The studio's link query (settings only, no data): the longest today is ~200 characters.
MAX_SETTINGS_LENGTH = 2_000

# How often an open board asks the store for new runs, and how many rows it lists.
REFRESH_SECONDS = 3.0
SHOWN_ROWS = 100
