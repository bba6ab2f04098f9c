"""The class board: a teacher's board of the runs students submit from the studio (issue 18)."""
