"""The pure core of mkdocs-pmo: load, model, validate, link. It never imports MkDocs."""
