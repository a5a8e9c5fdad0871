"""Attribution: benchmark, split, metric, model and qualifiers of extracted numbers, as a table."""

import pytest

from extractor.pipeline import extract

# (title, abstract, value, expected fields; a field absent from the dict is not checked)
CASES = [
    ("", "Our model achieves 2.1% WER on LibriSpeech test-clean and 4.3% WER on test-other.",
     2.1, {"benchmark_id": "LibriSpeech", "split": "test-clean", "metric_id": "wer", "higher_is_better": False}),
    ("", "Our model achieves 2.1% WER on LibriSpeech test-clean and 4.3% WER on test-other.",
     4.3, {"split": "test-other"}),
    ("", "It reaches 55.7 box AP on COCO test-dev.", 55.7, {"benchmark_id": "COCO", "split": "test-dev", "metric_id": "box_ap"}),
    ("VL-Rethinker: Incentivizing Self-Reflection",
     "Our model advances the state of the art on MathVista, MathVerse, and MathVision to achieve 80.3%, 61.8%, and 43.9% respectively.",
     61.8, {"benchmark": "MathVerse", "model": "VL-Rethinker", "kind": "score"}),
    ("", "We report 16.20% and 25.6% top-1 error when transferred to CIFAR-100 and ImageNet.",
     25.6, {"benchmark_id": "ImageNet-1K", "metric_id": "top1_error"}),
    ("", "MEGA outperforms prior methods on MovieNet for scene segmentation (with an Average Precision improvement of +1.19%) and on TRIPOD for act segmentation.",
     1.19, {"benchmark": "MovieNet", "kind": "delta"}),
    ("", "Our tuned model yields a 15.92% improvement of F1 score over Qwen3Guard-8B-Strict on our benchmark.",
     15.92, {"benchmark": None, "kind": "delta", "metric_id": "f1"}),
    ("", "We evaluate on ImageNet-1K. Our method outperforms the baseline by 2.3% in top-1 accuracy.",
     2.3, {"benchmark_id": "ImageNet-1K", "kind": "delta"}),
    ("", "The model is 3.2x faster and uses 40% less memory than FlashAttention at 80.1% accuracy.",
     40.0, {"kind": "efficiency", "metric_id": "memory"}),
    ("", "CoCa obtains 86.3% zero-shot top-1 accuracy on ImageNet.",
     86.3, {"qualifiers": ["zero-shot"], "model": "CoCa", "metric_id": "top1_accuracy"}),
    ("", "It improves accuracy by up to 5% over SimCSE on the sentence similarity benchmarks.",
     5.0, {"qualifiers": ["up to"], "kind": "delta"}),
    ("", "We achieve a training loss of 1.70, landing mid-way between Llama2-7B (1.75) and 13B (1.67).",
     1.75, {"model": "Llama2-7B", "kind": "score", "metric_id": "loss"}),
    ("", "It relatively reduces the word error rate (WER) by 19.2% on LibriSpeech.",
     19.2, {"kind": "relative", "qualifiers": ["relative"], "benchmark_id": "LibriSpeech"}),
]


# Benchmark and model through the paper's entity table, one mechanism a row (own wording).
CASES += [
    # model families are never benchmarks, even in a "for X" slot
    ("", "We plug the module into two backbones and raise top-1 accuracy on ImageNet by 0.5% and 0.3% "
         "for ResNet-50 and ResNet-101, respectively.", 0.3, {"benchmark": "ImageNet"}),
    # "On X, Y achieves": the subject after the comma is the model, not a second benchmark
    ("", "On KITTI, FooNet-L achieves 91.2% accuracy.", 91.2, {"benchmark": "KITTI", "model": "FooNet-L"}),
    # Title Case names after "on" beat a registry benchmark named as background
    ("", "Even the strongest agents, which have saturated benchmarks such as WebArena, reach only 7.5% accuracy "
         "on Hard Retrieval and 8.1% accuracy on Broad Retrieval.", 8.1, {"benchmark": "Broad Retrieval"}),
    # a pre-training set is not the benchmark
    ("", "With JFT-300M pre-training, our network reaches 89.1% top-1 accuracy on ImageNet-1K.", 89.1,
     {"benchmark": "ImageNet-1K"}),
    ("", "With JFT-300M pre-training, our network reaches 89.1% top-1 accuracy.", 89.1, {"benchmark": None}),
    # one capitalised word right after a number and "on"
    ("", "Our parser obtains a gain of 2.5 F1 on Tiny Arith and 3.1 F1 on Logicgrid.", 3.1, {"benchmark": "Logicgrid"}),
    # a sentence naming no benchmark inherits the one the paper brings
    ("", "We introduce QuizBench, a benchmark of lessons. The best tutor reaches an accuracy of only 31.5%.", 31.5,
     {"benchmark": "QuizBench"}),
    # a shared task in the title; the team before "at" is the model
    ("Team Foo at SemEval-2020 Task 4: Commonsense Validation", "Our system reaches an accuracy of 90.2% on the task.",
     90.2, {"benchmark": "SemEval-2020 Task 4", "model": "Team Foo"}),
    # a list of benchmarks before an equally long list of numbers pairs in order
    ("", "Evaluated on the SMIDS and HuSHem datasets, our model reaches accuracies of 90.2% and 93.9%.", 90.2,
     {"benchmark": "SMIDS"}),
    ("", "Evaluated on the SMIDS and HuSHem datasets, our model reaches accuracies of 90.2% and 93.9%.", 93.9,
     {"benchmark": "HuSHem"}),
    # a name with a dataset noun
    ("", "The challenging Occlusion LINEMOD dataset shows an ADD(S) gain of +16.4%.", 16.4,
     {"benchmark": "Occlusion LINEMOD"}),
    # baselines' own numbers
    ("", "Our detector outperforms BaseNet (61.2% mAP) by a wide margin.", 61.2, {"model": "BaseNet"}),
    ("", "Our probe reached an F1 of 0.72, just above BaseNet's F1 of 0.70.", 0.70, {"model": "BaseNet"}),
    ("", "It improves the previous best result by 22% absolute (54% to 76%).", 54, {"model": "previous best"}),
    # the nearest subject before the number, not the first one of the sentence
    ("", "FooNet reaches 55.1% accuracy, and BarNet reaches 57.3% accuracy.", 57.3, {"model": "BarNet"}),
    # the method's acronym; a tool the paper uses is not its method
    ("", "We propose the Gated Residual Mixer (GRM). It gives a 3.4% accuracy gain on CIFAR-100.", 3.4, {"model": "GRM"}),
    ("", "We propose to use GPT-4 to rewrite questions. The resulting system, TutorX, improves accuracy by 4% over "
         "the baseline.", 4.0, {"model": "TutorX"}),
]

# A list that holds a benchmark makes every item a name, before it as after it.
LISTED = "Our model gains +1.2, +0.8, and +2.0 mIoU on Vaihingen, Potsdam, and Cityscapes."
CASES += [
    ("", LISTED, 1.2, {"benchmark": "Vaihingen"}),
    ("", LISTED, 0.8, {"benchmark": "Potsdam"}),
    ("", LISTED, 2.0, {"benchmark": "Cityscapes"}),
    # a name listed among datasets is not the method, however often it recurs
    ("", "We test on three corpora: DocSetA, TableCorp and FormBank. With few changes to the detector we reach "
         "an mAP of 91.0%, 92.5% and 93.1% on TableCorp, DocSetA, FormBank, respectively.", 92.5,
     {"benchmark": "DocSetA", "model": None}),
]

# Rivals named before their bracketed scores, the second one after the first's bracket closes.
RIVALS = ("Our tracker reaches 0.871 mean accuracy, surpassing 3D FooTrack (0.712, 0.655 and 0.640 respectively) "
          "and BarTrack (0.701, 0.598 and 0.602).")
CASES += [
    ("", RIVALS, 0.712, {"model": "3D FooTrack"}),
    ("", RIVALS, 0.598, {"model": "BarTrack"}),
]

# A name in brackets after a data-set noun is a benchmark, and pairs in order with the others.
BRACKETED = ("Tests on the public FooScan dataset and an in-house clinical dataset (BarCT) give accuracies "
             "of 88.1% and 84.0% respectively.")
CASES += [("", BRACKETED, 84.0, {"benchmark": "BarCT"}), ("", BRACKETED, 88.1, {"benchmark": "FooScan"})]

# Slash tuples: each tuple pairs with one benchmark, each place in it with one slash-joined metric.
SLASHED = "The detector reaches AUROC/FPR95 of 0.931/0.214 and 0.902/0.301 on SetA and SetB, respectively."
CASES += [
    ("", SLASHED, 0.931, {"benchmark": "SetA", "metric_id": "auroc"}),
    ("", SLASHED, 0.214, {"benchmark": "SetA", "metric": "FPR95"}),
    ("", SLASHED, 0.902, {"benchmark": "SetB", "metric_id": "auroc"}),
    ("", SLASHED, 0.301, {"benchmark": "SetB", "metric": "FPR95"}),
    ("", "Our re-identification model scores mAP/Rank-1 of 88.1%/95.2% on Market-1501.", 95.2,
     {"benchmark_id": "Market-1501", "metric": "Rank-1"}),
]

# A name after a capitalised "On" opening the sentence is a benchmark; the subject after its comma
# (a bracket may stand between the subject and its verb) is not a second item of a list.
OPENING = ("We test on two sets: QuxSet and ZedSet. On ZedSet, it achieves 87.1% accuracy. "
           "On QuxSet, BarNet-L (6 layers) surpasses the baseline by +4.2% in accuracy.")
CASES += [("", OPENING, 87.1, {"benchmark": "ZedSet"}), ("", OPENING, 4.2, {"benchmark": "QuxSet"})]

# A rival's bracketed score belongs to the rival, named in words after the comparison.
CASES += [("", "Our agent wins 71% of games, far ahead of the scripted baselines (46% and 52%).", 46.0,
           {"kind": "score", "model": "scripted baselines"})]

# A name its data-set noun follows is a benchmark after "from" too; a name does not run across a full stop.
CASES += [("", "It reaches an mIoU of 71.2 on scans from the QuxScan dataset.", 71.2, {"benchmark": "QuxScan"})]

# Subjects listed like the numbers they achieve "respectively" pair with them in order.
LISTED = "FooNet-S, FooNet-M, and FooNet-L achieve 81.0%, 82.5%, and 83.9% top-1 accuracy on ImageNet-1K, respectively."
CASES += [("", LISTED, 81.0, {"model": "FooNet-S"}), ("", LISTED, 82.5, {"model": "FooNet-M"}),
          ("", LISTED, 83.9, {"model": "FooNet-L"})]

# A sentence that names no benchmark takes one the sentences before name and the paper evaluates
# on, found by its slot if the registry does not know it.
CASES += [("", "We test on the ZedBench dataset and the QuxBench dataset. ZedBench has long inputs. "
           "Our agent outperforms the baseline by 4.2%.", 4.2, {"benchmark": "ZedBench"})]

# Two "respectively" lists in one sentence: each pairs with the names written since the number before.
TWO_LISTS = ("It improves the perplexities on the Penn Treebank and WikiText-2 datasets to 51.1 and 44.3 respectively, "
             "and the cross-entropies on the CharSet and Hutter Prize datasets to 1.19 and 1.08 bits/char respectively.")
CASES += [("", TWO_LISTS, 44.3, {"benchmark_id": "WikiText-2"}), ("", TWO_LISTS, 1.19, {"benchmark": "CharSet"}),
          ("", TWO_LISTS, 1.08, {"benchmark": "Hutter Prize"})]

# A plural data-set noun opening a bracketed list: the list's names pair with the numbers in order.
BRACKET_LIST = "Gains are largest on the temporal datasets (MotionQA-T and MotionQA-O), with 6.1% and 9.4% improvement respectively."
CASES += [("", BRACKET_LIST, 6.1, {"benchmark": "MotionQA-T", "kind": "delta"}),
          ("", BRACKET_LIST, 9.4, {"benchmark": "MotionQA-O", "kind": "delta"}),
          ("", "We evaluate on three benchmarks (DocVQA-X, ChartSet, TabQA), where the model reaches 71.2% accuracy on ChartSet.",
           71.2, {"benchmark": "ChartSet"})]


# A benchmark the paper trains on (not pre-trains on) is what its numbers are on when it evaluates
# on nothing else, in that sentence or the next; a pre-training set never is.
TRAINED = ("When trained on ImageNet-1K only, the proposed QuxMLP reaches 81.2% top-1 accuracy with 24M parameters. "
           "Scaled to 66M parameters, QuxMLP reaches 83.0% top-1 accuracy.")
CASES += [("", TRAINED, 81.2, {"benchmark_id": "ImageNet-1K"}), ("", TRAINED, 83.0, {"benchmark_id": "ImageNet-1K"}),
          ("", "Pre-trained on ImageNet-21K, our detector reaches 91.0% accuracy on the clinic's own scans.", 91.0,
           {"benchmark": None})]


# A list of numbers that points back at "these datasets" pairs with the names the sentence before lists.
BACK = "We test on ZedScan and QuxEcho-Dyn. It achieves Dice scores of 0.962 and 0.939 on these datasets."
CASES += [("", BACK, 0.962, {"benchmark": "ZedScan"}), ("", BACK, 0.939, {"benchmark": "QuxEcho-Dyn"})]


# A sentence's subject names its numbers' system: at the start of the sentence too, and an
# architecture word the benchmark lexicon stops when a model noun follows it; a loss is no system.
CASES += [("", "The MLP achieves 357.9 Mbps on known regimes.", 357.9, {"model": "MLP"}),
          ("", "The results show that the LSTM model outperforms the baselines, achieving 92% accuracy.", 92.0, {"model": "LSTM"}),
          ("FooNet: Things", "The Cross-Entropy loss is lowered by 3.1% with FooNet.", 3.1, {"model": "FooNet"})]


# Subjects after a colon, and coined names that start in lower case.
CASES += [("", "Models vary widely: Qux-3 achieves 78% accuracy on the set.", 78.0, {"model": "Qux-3"}),
          ("", "We validated it on phantoms. mFOO-CT outperformed the best baseline by 23% in accuracy.", 23.0, {"model": "mFOO-CT"})]


# The rival's number in a comparison belongs to the rival, named after "for" when it is.
RIVAL = "FooNet achieves 95% task success, compared to 66% for the strongest vision-only baseline."
# The system a change starts from, named before "from"; a tally is never a rival's name.
CASES += [("", "Our distillation lifts the AP of QuxDet R-50 from 40.2 to 43.7 on COCO.", 40.2, {"model": "QuxDet R-50"}),
          ("", "It lifts the AP of COCO from 40.2 to 43.7.", 40.2, {"model": "baseline"}),
          ("", "FooNet reaches 71/90 (78.9%) versus 52/90 (57.8%) for the clinicians.", 57.8, {"model": "clinicians"})]
# More result verbs, and lower-case names with a digit, as subjects.
CASES += [("", "The study shows that ConvNeXt-T generates the best results, with a 94.3% AUC.", 94.3, {"model": "ConvNeXt-T"}),
          ("", "We find that q3 is the strongest model, with an overall accuracy of 67.3%.", 67.3, {"model": "q3"})]
# A number's own "on x" slot, and "respectively" over separately written numbers.
BY_DATA_SET = "We reach 0.99 on enwik9, 1.08 on text8, 18.3 on WikiText-103 and 54.5 on Penn Treebank."
CASES += [("", BY_DATA_SET, 1.08, {"benchmark": "text8"}), ("", BY_DATA_SET, 18.3, {"benchmark": "WikiText-103"}),
          ("", "It gets 46.0% on BrowseComp and 78.0% on zedbench, beating all.", 78.0, {"benchmark": "zedbench"}),
          ("", "We obtain 47.9 PQ and 62.5 PQ respectively on MS-COCO and Cityscapes.", 62.5, {"benchmark": "Cityscapes"}),
          ("", "Moved to CIFAR-100 and ImageNet it gets a top-1 error of 16.4% and a top-5 error of 7.4% respectively.",
           16.4, {"benchmark": "CIFAR-100"})]
# A sentence that opens with its own place, and a sentence before that names two benchmarks, give
# no benchmark from context.
CASES += [("", "We test on five sets: synthetic, CIFAR-10 and IMDb. On synthetic, FooOpt reaches an accuracy of 98.0%.",
           98.0, {"benchmark": None}),
          ("", "We test on IMDb. On average, FooOpt reaches an accuracy of 91.0%.", 91.0, {"benchmark": "IMDb"}),
          ("", "It beats prior work on both PASCAL VOC and COCO. FooDet reaches a 76.9% mAP with ResNet-18.", 76.9,
           {"benchmark": None})]
# Who the start of a change belongs to, named before its "to".
CASES += [("", "The ensemble lifts mean AUROC from 0.69 for the strongest text baseline to 0.78.", 0.69,
           {"model": "strongest text baseline", "kind": "score"})]
# A "respectively" list that pairs with the results named before it; one that pairs with nothing
# said is left without a benchmark.
EARLIER = ("It reaches 85.4% top-1 accuracy on ImageNet-1K, 53.9 box AP on COCO and 52.2 mIoU on ADE20K, "
           "beating the previous backbone by +1.2, +2.0 and +2.0 respectively.")
CASES += [("", EARLIER, 1.2, {"benchmark_id": "ImageNet-1K", "kind": "delta"}), ("", EARLIER, 2.0, {"benchmark_id": "COCO"}),
          ("", "It gets 46.0% on ZedA and 58.1% on ZedB, ahead of BarNet, which achieves 43.4%, 46.7% and 32.9%, respectively.", 46.7,
           {"benchmark": None})]
CASES += [("", RIVAL, 95.0, {"model": "FooNet"}), ("", RIVAL, 66.0, {"model": "strongest vision-only baseline"}),
          ("", "FooNet gets 7.81 overall preference score (vs. 6.06).", 6.06, {"model": "baseline", "kind": "score"})]

# Names written "A/B" are a list: slash-joined numbers pair with them in order.
SLASHED = "FooNorm beats LayerNorm by 0.4/0.6 BLEU on IWSLT14/WMT14 and by 5.6/3.0 PPL on PTB/WikiText-103."
CASES += [("", SLASHED, 0.4, {"benchmark": "IWSLT14"}), ("", SLASHED, 0.6, {"benchmark": "WMT14"}),
          ("", SLASHED, 5.6, {"benchmark_id": "Penn Treebank"}), ("", SLASHED, 3.0, {"benchmark_id": "WikiText-103"})]
# A common word with a coded part hyphenated on is a name ("MT-HM3D"); a model's version is not.
CASES += [("", "Our agent shows a 19.8% performance gain on MT-HM3D compared to the baseline.", 19.8, {"benchmark": "MT-HM3D"}),
          ("", "In the extraction task, GPT-4o-mini and o3-mini score 0.602 and 0.598.", 0.598, {"benchmark": None})]

# A name written before "of <number>" is a metric the registry lacks, not a data set.
CASES += [("", "The regressor achieved an R2 of 0.54, RMSE of 3.95, and RPD of 2.07 on held-out soil samples.", 2.07,
           {"benchmark": None})]

# Where a change that improves the state of the art starts is the previous state of the art.
CASES += [("", "FooDet improves the state of the art on BarSet from 73.9% to 76.4% mAP.", 73.9,
           {"model": "previous state of the art"}),
          ("", "FooDet improves the previous best result on BarSet from 54% to 76%.", 54.0, {"model": "previous best"})]

# Hardware is no data set; a result after a bracketed error is on the name before it.
CASES += [("", "Inference runs on Kaggle T4 GPUs, and the retriever achieves 92% Success@10.", 92.0, {"benchmark": None}),
          ("", "The network achieves the best results on CIFAR-10 (3.90% error) and CIFAR-100 (20.45% error).", 20.45,
           {"benchmark_id": "CIFAR-100", "kind": "score"})]

# A system in apposition to "the best model" owns the numbers of its clause only.
APPOSED = ("The best-performing model, Mask R-CNN with a ResNet-101 backbone, achieved 84.23% precision, "
           "while the second-best FooDet reached 61.0% precision.")
CASES += [("", APPOSED, 84.23, {"model": "Mask R-CNN"}), ("", APPOSED, 61.0, {"model": "FooDet"}),
          ("", "Our best model, \"heron-7\", attains 78% mAP on the page set.", 78.0, {"model": "heron-7"})]

# Both ends of a change are on the benchmark of its start, whatever name follows the end.
CHANGE = "With the prompt, accuracy on AlphaQA rises from 53.5% to 63.8%, and on BetaQA from 23.8% to 84.2%."
CASES += [("", CHANGE, 63.8, {"benchmark": "AlphaQA"}), ("", CHANGE, 84.2, {"benchmark": "BetaQA"})]

# A conjunct is on its claim's benchmark unless it names a place of its own; a colon inside a
# metric's name ("mAP50:95") does not end the clause.
CONJ = "It beats the best methods on Market-1501 [48] by 17% in mAP and 6% in rank-1, CUHK03 [24] by 4% in rank-1."
COLON = "It beats them by 2.7% mAP50 and 1.6% mAP50:95 on DeltaSet, 1.3% mAP50 and 1.9% mAP50:95 on GammaSet."
CASES += [("", CONJ, 6.0, {"benchmark": "Market-1501"}), ("", CONJ, 4.0, {"benchmark": "CUHK03"}),
          ("", COLON, 1.9, {"benchmark": "GammaSet", "kind": "delta"})]

# A bracketed gain right after a score is an aside on it: on the score's benchmark, and the next
# score joined by a comma is a score again, not a conjunct of the gain.
ASIDE = "Our tagger reaches 52.4% (+3.2%) on AlphaNER, 66.5% (+4.9%) on BetaNER and 72.3% (+0.6%) on GammaNER."
CASES += [("", ASIDE, 3.2, {"benchmark": "AlphaNER", "kind": "delta"}), ("", ASIDE, 66.5, {"benchmark": "BetaNER", "kind": "score"}),
          ("", ASIDE, 0.6, {"benchmark": "GammaNER", "kind": "delta"}), ("", ASIDE, 72.3, {"benchmark": "GammaNER", "kind": "score"})]

# A name shaped as a benchmark ("...Bench") is one in any slot, also when it carries the method's
# name or opens a sentence, and the paper's numbers are on it.
CASES += [("FixLoop: Closed-Loop Self-Correction", "We propose FixLoop, a framework. Experiments on our constructed "
           "FixLoop-Bench (440 tasks) show that FixLoop achieves 79.8% final accuracy.", 79.8, {"benchmark": "FixLoop-Bench", "model": "FixLoop"}),
          ("The Braid Test for VLMs: Diagram Reasoning as a Hard Benchmark", "BraidBench pairs 8,000 diagrams with a checked protocol. "
           "Thinking-mode reasoning lifts overall accuracy by 1.65 points.", 1.65, {"benchmark": "BraidBench"})]

# Title Case names after a capitalised "On" opening the sentence are in their slot as after "on".
OPENING_LIST = "On Oxford 5k, Paris 6k and Holidays, we respectively report 94.7, 96.6, and 94.8 mean average precision."
CASES += [("", OPENING_LIST, 94.7, {"benchmark": "Oxford 5k"}), ("", OPENING_LIST, 94.8, {"benchmark": "Holidays"})]

# A paper that names no data set to evaluate on and trains on exactly one reports its numbers on
# it; one it pre-trains on is not.
CASES += [("", "We propose FooNet for wafer maps. Trained on the BarMap-9k dataset. FooNet achieves an F1-score of 98.4%.",
           98.4, {"benchmark": "BarMap-9k"}),
          ("", "FooNet is pre-trained on the BazPics-21k dataset. It achieves an F1-score of 91.2% on our own scans.",
           91.2, {"benchmark": None})]

# A capitalised name the abstract presents with an apposition that says it is a model; a name right
# after a model noun is the subject of the result verb.
CASES += [("", "In this work we present Lodestar, a carefully designed and pre-trained retrieval augmented language model. "
           "It reaches over 42% accuracy on Natural Questions.", 42, {"model": "Lodestar"}),
          ("", "As a first baseline, the state-of-the-art QA model UniReader achieves a ROUGE-L F1 score of 0.48.", 0.48,
           {"model": "UniReader"})]

# The system a change starts from, named in brackets right after the start.
CASES += [("", "The masked LPIPS improves from 0.1797 (HARP) to 0.1524.", 0.1797, {"model": "HARP"}),
          ("", "Accuracy rises from 61.2% (Top-1) to 66.0%.", 61.2, {"model": "baseline"})]

# A word and a coded name opening the sentence are the subject ("Cascade RPN can improve"), not a
# connective or a gerund with a name ("While RareBERT performs", "Using AURELIA, we ...").
CASES += [("", "Cascade RPN can improve the detection mAP by 3.1 points on COCO.", 3.1, {"model": "Cascade RPN"}),
          ("", "Moreover, our ViT-S/16 achieves 91.3% mAP on Market1501.", 91.3, {"model": "ViT-S/16"}),
          ("", "When CoSIL guides the patch stage, the resolved rate further improves by 9.3 points.", 9.3, {"model": None})]

# A bracketed number right after the last name of a list is that name's.
CASES += [("", "It improves results on sets such as IJB-B, IJB-C, TinyFace and IJB-S (+5.76% Rank1).", 5.76,
           {"benchmark": "IJB-S"})]

# One capitalised word a sentence opens with, "On X,", is its place; "On Average," is not.
CASES += [("", "The agent reaches 24.2% on AutoPenBench. On Cybench, it attains a 15.0% success rate.", 15.0,
           {"benchmark": "Cybench"}),
          ("", "On Average, it attains a 15.0% success rate.", 15.0, {"benchmark": None})]

# A name followed by "evaluation mode of" is a setting of the benchmark after it.
CASES += [("", "PD-Net beats the best methods by 3.81% mAP in the Known-Object evaluation mode of HICO-DET.", 3.81,
           {"benchmark": "HICO-DET"})]

# A name of a lower-case letter and a coded part ("e-CARE") is a name in a benchmark slot and a list.
CASES += [("", "Gains rise to +29.6 and +18.0 pp on CRASS and e-CARE across nine models.", 18.0, {"benchmark": "e-CARE"}),
          ("", "It reaches 81.2% on e-SNLI.", 81.2, {"benchmark": "e-SNLI"})]
# ... and so is one of a lower-case letter and capitals ("aPY"); a list that closed with "and X" takes
# no name after its comma ("CUB, AWA, SUN and aPY, SP-AEN outperforms").
ZSL = ("On four benchmarks: CUB, AWA, SUN and aPY, SP-AEN considerably outperforms other methods by an absolute "
       "performance difference of 12.2%, 9.3%, 4.0%, and 3.6% in terms of harmonic mean values.")
CASES += [("", ZSL, 12.2, {"benchmark": "CUB", "kind": "delta"}), ("", ZSL, 3.6, {"benchmark": "aPY", "model": "SP-AEN"})]

# A metric with a qualifier hyphenated on is that metric.
CASES += [("", "We achieved an F1-sarcastic of 0.414 after the competition.", 0.414, {"metric": "F1-sarcastic", "metric_id": "f1"}),
          ("", "It achieves an Avg-F1 of 71.2 on the set.", 71.2, {"metric": "Avg-F1", "metric_id": "f1"})]

# The system a change starts from, named with its size right before "from".
RSTAR = "rStar-Coder improves Qwen2.5-7B from 17.4% to 57.3%, and Qwen2.5-14B from 23.3% to 62.5% on LiveCodeBench."
CASES += [("", RSTAR, 17.4, {"model": "Qwen2.5-7B"}), ("", RSTAR, 23.3, {"model": "Qwen2.5-14B"}),
          ("", "It improves PRR from 5% to 70%.", 5, {"model": "baseline"})]

# A title that opens by using one coined name gives the method when the abstract names none.
CASES += [("Leveraging Zipformer Model for Language Identification", "We achieve a balanced accuracy (BAC) of 81.89%.",
           81.89, {"model": "Zipformer"}),
          ("Using Large Language Models for Code Review", "We achieve an accuracy of 81.89%.", 81.89, {"model": None})]

# A task's acronym is neither a benchmark nor a system.
CASES += [("", "It reaches 97.55% accuracy for POS tagging and 91.21% F1 for NER on the news set.", 91.21, {"benchmark": None}),
          ("", "XGBoost achieves 98% accuracy on the EHR prediction task.", 98, {"benchmark": None, "model": "XGBoost"})]

# A list of numbers whose clause names no benchmark, after as many results each on its own, pairs
# with those results' benchmarks in order.
SALU = ("With ResNet-18, FooNet achieves 97.35% on CIFAR-10 and 83.25% on CIFAR-100 without normalization, "
        "maintaining 93.44% and 76.23% at batch size 1.")
CASES += [("", SALU, 93.44, {"benchmark": "CIFAR-10"}), ("", SALU, 76.23, {"benchmark": "CIFAR-100"})]

# The second of "(x vs. y)" is the rival's the sentence compares with, when it names one before.
CASES += [("", "We achieve better results than LLaVA on most benchmarks, e.g., MM-Vet (40.2 vs. 35.4).", 35.4,
           {"model": "LLaVA"}),
          ("", "It wins on MM-Vet (40.2 vs. 35.4).", 35.4, {"model": "baseline"})]

# A coded name the paper evaluates on is itself in any case: the sentence before names it.
TOOTH = ("We present FooSeg for segmentation in CBCT, built for the ToothFairy3 challenge. FooSeg takes the top "
         "places in both tasks of the Toothfairy3 challenge. In Task 1, FooSeg achieved a mean Dice of 0.792.")
CASES += [("FooSeg: Segmentation in CBCT", TOOTH, 0.792, {"benchmark": "ToothFairy3"})]

# Groups of numbers that alternate with names are each on the name after them, "respectively"
# or not; a plain list of numbers before a list of names still pairs in order.
VIRD = ("FooPose reduces median position and orientation errors by 50.7% and 76.5% on KITTI, and 18.0% and 46.8% "
        "on VIGOR, respectively.")
CASES += [("", VIRD, 76.5, {"benchmark": "KITTI"}), ("", VIRD, 18.0, {"benchmark": "VIGOR"}),
          ("", "It gains 2.1%, 2.7%, and 2.4% on Caltech Birds-200, LSDSC, and FSSD datasets respectively.", 2.7,
           {"benchmark": "LSDSC"})]

# Subjects joined with "and", as many as the numbers, pair with them in order without
# "respectively"; a list that sets the scene before the subject does not.
REV = "Our models RevNet-Deep and RevNet-Wide achieve an ROC-AUC of 87.74 and 88.24 on the ogbn-proteins dataset."
CASES += [("", REV, 87.74, {"model": "RevNet-Deep", "benchmark": "ogbn-proteins"}), ("", REV, 88.24, {"model": "RevNet-Wide"}),
          ("", "On EgoQA, Ego-R1 and MM-Life, Foo-Video outperforms baselines, with gains of 10.1, 7.4, and 5.9 points.",
           7.4, {"model": "Foo-Video"})]

# The change a cost claim sums up in a bracket right after it is the cost's own values; a bracket
# past another phrase is not.
CGES = ("FooStop reduces the number of model calls by about 69 percent (for example, from 16.0 to 4.9) while "
        "matching the accuracy of self-consistency.")
CASES += [("", CGES, 16.0, {"kind": "efficiency"}), ("", CGES, 4.9, {"kind": "efficiency"}),
          ("", "This leads to up to 12x faster decoding and a drop in word error rate (from 6.07 to 3.01).", 3.01,
           {"kind": "score"})]

# The place named right after "respectively" is where all the paired numbers were measured.
GAFPN = ("FooFPN improves detection: +1.9, +2.0, +1.7 points AP on Faster-RCNN, Cascade R-CNN and SABL "
         "respectively on MS COCO dataset.")
CASES += [("", GAFPN, 2.0, {"benchmark_id": "COCO"}),
          ("", "It obtains 33.27%, 0.2223, and 33.64% in accuracy, kappa and F1, respectively, on SEED-VII.", 0.2223,
           {"benchmark": "SEED-VII"})]

# A percentage written next to a change it sums up is relative when it equals the change over
# the start and not the change itself, before or after the change.
CASES += [("", "Bicycle AP@50 improves from 0.114 to 0.328 (+187%).", 187, {"kind": "relative"}),
          ("", "Accuracy rises from 50.0% to 60.0% (+20%).", 20, {"kind": "relative"}),
          ("", "It improves accuracy from 54% to 76% (+22%).", 22, {"kind": "delta"}),
          ("", "It improves mean IoU from 0.511 to 0.599 (+8.8%).", 8.8, {"kind": "delta"}),
          ("", "Together they achieve a 95% reduction in abstention (from 40% to 2%).", 95, {"kind": "relative"}),
          ("", "It gives a 22% gain in accuracy (from 54% to 76%).", 22, {"kind": "delta"})]

# The earlier best a number is set against is named as the sentence names it, within its clause.
PASTA = ("FooNet outperforms previous SOTA by 4.7% (85.6% vs. 80.9%), and the gap between FooNet and human "
         "performance is narrowed to 1.5% (90.6% vs. 92.1%).")
CASES += [("", PASTA, 80.9, {"model": "previous SOTA"}), ("", PASTA, 92.1, {"model": "baseline"}),
          ("", "FooLM sets the best result on RACE (90.9% compared to SOTA accuracy of 89.4%).", 89.4,
           {"model": "SOTA", "kind": "score"}),
          ("", "FooLM sets the best result on RACE (90.9% compared to SOTA accuracy of 89.4%).", 90.9,
           {"model": "FooLM", "kind": "score"}),
          ("", "On MP-3, we reach 76.92%, compared to the best baseline at 61.54%.", 61.54, {"model": "best baseline"}),
          ("", "FooDet improves the prior best result on BarSet from 54% to 76%.", 54.0, {"model": "prior best"})]

# A tilde after a metric whose name ends in a digit is "about", not a range from that digit.
CASES += [("", "The cross-encoder achieves AUROC~0.852 and value-set-level F1~0.298.", 0.298, {"metric_id": "f1", "kind": "score"})]

# A model family's plain name before a result verb is the subject; a plain word is not.
CASES += [("", "LLaMA barely changed, while Qwen achieved a 5% increase on the held-out set.", 5, {"model": "Qwen"}),
          ("", "Performance reaches 45% on the held-out set.", 45, {"model": None})]

# A model named right after its number with "for" is the number's system; a benchmark or a kind of
# model is not.
KNOT = "Thinking lifts overall accuracy on KnotBench by 1.65 points for Claude and 9.25 points for GPT-5."
CASES += [("", KNOT, 1.65, {"model": "Claude"}), ("", KNOT, 9.25, {"model": "GPT-5"}),
          ("", "It improves accuracy by 3% for ImageNet and 2% for BERT-based models.", 2, {"model": None})]

# A title head before "for" whose last word is generic names the method when a coined compound
# comes before it; a task's head stays a topic.
CASES += [("Self-Critical Attention Learning for Person Re-Identification", "It improves mAP by 5.9% on Market-1501.", 5.9,
           {"model": "Self-Critical Attention Learning"}),
          ("Scene-Centric Unsupervised Panoptic Segmentation for Street Scenes", "It improves PQ by 9.4 on Cityscapes.", 9.4,
           {"model": None})]

# Subjects paired "respectively": an opening adverb or place is no subject of the list.
CASES += [("", "Notably, FooNet achieves 12.8% and 14.6% gains over BarNet and BazNet, respectively.", 12.8, {"model": "FooNet"}),
          ("", "On Vision-Flan, FooSel outperforms full-data training by 3.5% and 4.8% with 10% and 15% of the data, "
               "respectively.", 3.5, {"model": "FooSel"}),
          ("", "BERT, RoBERTa and XLNet reach 80.1, 81.2 and 82.3 respectively.", 81.2, {"model": "RoBERTa"})]

# A sentence that opens with its place ("For Abt-Buy, ..."), not with a task; a name's version is
# no score ("Amazon-Google 79.28" is a name and a number); "lags behind ... by", "points above".
CASES += [("", "For Abt-Buy, we reach an F1-score of 94.29 and for Amazon-Google 79.28.", 94.29, {"benchmark": "Abt-Buy"}),
          ("", "For Abt-Buy, we reach an F1-score of 94.29 and for Amazon-Google 79.28.", 79.28, {"benchmark": "Amazon-Google"}),
          ("", "For TNM classification, the pipeline attained 80% accuracy.", 80.0, {"benchmark": None}),
          ("", "These zero-shot results lag behind the best supervised systems by 20.1% and 37.0%.", 37.0, {"kind": "delta"}),
          ("", "It reaches 61.2, 5 points above the base model.", 5.0, {"kind": "delta"})]

# A venue with its year is where a paper appeared, not its data; a version is no data set.
CASES += [("", "Our entry won the CVPR 2024 workshop contest with an accuracy of 71.5%.", 71.5, {"benchmark": None}),
          ("", "The framework achieves 93.3 PDMS on v1 and 87.8 EPDMS on v2.", 87.8, {"benchmark": None, "metric_id": "epdms"})]

# The quantity a number is set equal to is its metric, known to the registry or not.
CASES += [("", "Specifically, FooCert achieves ACR=0.958 on ImageNet in 250 minutes.", 0.958, {"metric": "ACR", "metric_id": None}),
          ("", "It reaches BLEU-1 = 63.89, BLEU-2 = 38.07 on the test set.", 38.07, {"metric": "BLEU-2"})]

# The bounds of a confidence interval do not break a list of results; a class is no data set; a
# range of item ids is no data set; a coded name before a joined-on number is its system; a unit
# written twice is not the paper's method.
CI = "The AUC was 0.89 (95% CI, 0.84-0.92) for the BE-with-dysplasia class and 0.88 (95% CI, 0.84-0.92) for the adenocarcinoma class."
JUNIOR = ("We introduce Humans-Junior, a 3.8B model that matches GPT-4o on the FACTS Grounding public subset. "
          "On Q1--Q500 under identical judges, GPT-4o scores 73.5% (95% CI 69.5--77.2) and Humans-Junior 72.7% (95% CI 68.7--76.5).")
CASES += [("", CI, 0.88, {"kind": "score", "benchmark": None}), ("", CI, 0.89, {"benchmark": None}),
          ("", JUNIOR, 73.5, {"benchmark": "FACTS Grounding", "model": "GPT-4o"}),
          ("", JUNIOR, 72.7, {"benchmark": "FACTS Grounding", "model": "Humans-Junior"}),
          ("", "It reduces storage from 1.7 MB to 0.006 MB with an accuracy of 97.03% on MNIST.", 97.03, {"model": None}),
          ("", "It achieves absolute improvements ranging from 3.1% to 3.54% across settings.", 3.1,
           {"kind": "delta", "value_high": 3.54})]

# A numbered part of a data set ("Area 5" of S3DIS) is no benchmark; a one-word adjective may stand
# between "on" and a coded name ("on multilingual Re-OIE2016"); a plural acronym ("SLMs") and a
# granularity ("SoC-level") name kinds of things, not data sets.
S3DIS = "On the challenging S3DIS dataset, the Point Transformer attains an mIoU of 70.4% on Area 5."
CASES += [("", S3DIS, 70.4, {"benchmark": "S3DIS"}),
          ("", "We show a performance improvement of 15% on multilingual Re-OIE2016.", 15, {"benchmark": "Re-OIE2016"}),
          ("", "Experiments on representative SLMs show 98% of the accuracy at half the size.", 98, {"benchmark": None}),
          ("", "The best agent resolves 70.7% of tasks at the SoC-level.", 70.7, {"benchmark": None})]

# Pairs compared with "vs." are one item each of a list that "respectively" pairs with names.
VS_PAIRS = "Ours beats the prior best (96.3% vs. 90.6% and 96.9% vs. 88% on the Campus and Shelf datasets, respectively)."
CASES += [("", VS_PAIRS, 96.3, {"benchmark": "Campus"}), ("", VS_PAIRS, 88, {"benchmark": "Shelf"})]

# An unnamed system described by a noun phrase of people or of plural systems is the number's
# subject; "our models" are the paper's method.
CASES += [("", "Highly skilled non-expert validators only reach 34% accuracy on the set.", 34,
           {"model": "Highly skilled non-expert validators"}),
          ("", "The Transformer models achieve 40% on FooQA.", 40, {"model": "Transformer models"}),
          ("FooNet: Fast Parsing", "Our models achieve 76.3% on FooQA.", 76.3, {"model": "FooNet"}),
          ("", "Even with top models achieving 14.39%, the task is hard.", 14.39, {"model": None}),
          ("", "The best performing GPT-5 model only achieves a 60% Correctness score on MEMTRACK.", 60, {"model": "GPT-5"})]

# The system a change starts from, named after "over" or as "a X model" before "from".
CASES += [("", "SaluNet-T improves over LayerNorm-GELU from 90.92% to 91.01% on CIFAR-10.", 90.92, {"model": "LayerNorm-GELU"}),
          ("", "It improves the accuracy of a Swin-Base model from 85.40% to 88.06%.", 85.4, {"model": "Swin-Base"})]

# Every number of a bracket opened right after a name is that name's.
CD = "FracTAL achieves the best results on the LEVIRCD (F1: 0.918, IoU: 0.848) and the WHU (F1: 0.938, IoU: 0.882) datasets."
CASES += [("", CD, 0.848, {"benchmark": "LEVIRCD"}), ("", CD, 0.882, {"benchmark": "WHU"})]

# A name the abstract writes with a value ("RPD of 2.07") is a quantity there and elsewhere, no benchmark.
RPD = "On the SOILX 2018 dataset, the model reaches an RPD of 2.07. This is a 43% improvement in RPD over the best method."
CASES += [("", RPD, 43, {"benchmark": "SOILX 2018"})]

# A name before a task noun ("CHD detection") or a kind of system ("SVM classifier"), and a lettered
# part ("Track A"), are no benchmarks.
CASES += [("", "It improves CHD detection by 11% over single-modality approaches.", 11, {"benchmark": None}),
          ("", "On Track A, it cuts the expiration ratio by 40.9%.", 40.9, {"benchmark": None}),
          ("", "On COCO, LP-OVOD achieves 40.5 in AP_novel using ResNet50 as the backbone.", 40.5, {"benchmark": "COCO"})]

# A data set counted in millions is named so ("CA-1M"); a model's size in millions is not ("SmolLM2-360M").
# An edition after a slash is the same benchmark's other edition ("DAVIS 2016/2017").
CASES += [("", "Our model outperforms CuTR on CA-1M with dense depth (0.412 vs. 0.250 mAP).", 0.412, {"benchmark": "CA-1M"}),
          ("", "On SmolLM2-360M, the probe achieves a BIS of 0.40.", 0.40, {"benchmark": None}),
          ("", "STM achieves J of 88.7 and 79.2 on DAVIS 2016/2017 val set respectively.", 79.2, {"benchmark": "DAVIS 2017"}),
          ("", "STM achieves J of 88.7 and 79.2 on DAVIS 2016/2017 val set respectively.", 88.7, {"benchmark": "DAVIS 2016"})]

# The first of a pair set after a rival is the subject's, the second the rival's; a rival's
# approximate score in brackets is the rival's ("Veo3 (~90)").
VS = "In the first experiment, BART-large outscored average human writers overall (2.11 vs. 1.85)."
CASES += [("", VS, 2.11, {"model": "BART-large"}),
          ("", "LiDAM outperforms FixMatch (73.50% vs. 71.82%) on CIFAR-100.", 73.5, {"model": "LiDAM"}),
          ("", "LiDAM outperforms FixMatch (73.50% vs. 71.82%) on CIFAR-100.", 71.82, {"model": "FixMatch"}),
          ("", "It reaches a VBench score of 86.1, near Veo3 (~90) and Sora2 (~88).", 88, {"model": "Sora2"})]


# Brackets that name whose number is inside: a rival and a colon, the record set against.
LABELLED = "PlanBot reaches 87.9% success, ahead of prompt-based (AppAgent: 17.7%) and supervised agents (Filtered BC: 54.5%)."
RECORD = "Our mean corruption error (mCE) is 0.64 (current SOTA is 0.86) and 0.50 for augmented data."
CASES += [("", LABELLED, 17.7, {"model": "AppAgent"}), ("", LABELLED, 54.5, {"model": "Filtered BC"}),
          ("", RECORD, 0.86, {"model": "current SOTA", "kind": "score"}), ("", RECORD, 0.50, {"model": None})]

# Where a change starts in a sentence that claims a new state of the art, or raises "the best"
# score, it is the earlier best; "the best model drops from" is that model's own start.
NEW_SOTA = "FooNet sets a new state-of-the-art, improving the average EM score from 0.392 to 0.474 on BarQA."
CASES += [("", NEW_SOTA, 0.392, {"model": "previous state of the art"}),
          ("", "On BarSet, FooNet increases the best F1 metric from 46.6% to 51.4%.", 46.6, {"model": "previous best"}),
          ("", "It achieves a new state-of-the-art score of 0.81 on BarSet, surpassing the previous best score of 0.80.", 0.80, {"model": "previous best"})]

@pytest.mark.parametrize(("title", "abstract", "value", "expected"), CASES,
                         ids=[f"{i}-{c[2]:g}-{'-'.join(c[3])}" for i, c in enumerate(CASES)])
def test_attribution(title, abstract, value, expected):
    claims = [c for c in extract(abstract, title=title) if abs(c.value - value) < 1e-9]
    assert claims, f"no record for {value} in {[c.value_text for c in extract(abstract, title=title)]}"
    got = claims[0].model_dump(mode="json")
    for field, want in expected.items():
        if field == "qualifiers":
            assert set(want) <= set(got["qualifiers"]), got["qualifiers"]
        else:
            assert got[field] == want, f"{field}: got {got[field]!r}, want {want!r}"


def test_attribution_lexicon_errors_name_file_and_entry(tmp_path):
    from extractor.attribution import LEXICON_PATH, LexiconError, load_lexicon

    text = LEXICON_PATH.read_text(encoding="utf-8")
    broken = text.replace('"zero-shot" = \'\'\'', '"zero-shot" = \'\'\'(unclosed', 1)
    path = tmp_path / "attribution.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert str(path) in str(err.value) and "qualifiers.zero-shot" in str(err.value)

    path.write_text(text.replace("[cost_metrics]", "[costs]"), encoding="utf-8")
    with pytest.raises(LexiconError, match="sections must be"):
        load_lexicon(path)


    # the pairing word lists are compared with lower-cased text: an upper-case entry would never match
    path.write_text(text.replace('not_places = [\n  "average"', 'not_places = [\n  "Average"', 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"pairing\.not_places.*'Average'"):
        load_lexicon(path)
