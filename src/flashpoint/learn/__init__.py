"""The learned layer beside the rules (issue #15): a small type model and how it is used.

`examples` maps gold labels to the model's, `model` trains and runs the classifier, `train` is
`flashpoint train`, and `score` applies the scores to the rule coder's mentions. The model is
trained on the project's own corpus (`data/corpus.jsonl`) and the tune part of two openly
licensed gold sets; docs/model.md is its model card.
"""
