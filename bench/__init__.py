"""The performance benchmark (`make bench`, `make bench-quick`): see README.md, "Performance"."""
