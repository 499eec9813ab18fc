"""The performance benchmark (`make bench`, `make bench-quick`): see bench/README.md."""
