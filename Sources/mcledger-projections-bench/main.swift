print("mcledger-projections-bench: see scripts/bench-projections")
