PAPERS: list[dict] = []
