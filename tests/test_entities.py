"""The paper-level entity table: method names, brought and evaluated benchmarks, names that are
models or training sets, and the lexicon's validation."""

import pytest

from extractor.entities import (LEXICON_PATH, EntityLexiconError, PaperEntities, is_model_family,
                                load_entity_lexicon)
from extractor.textnorm import normalise


def table(title: str, abstract: str) -> PaperEntities:
    return PaperEntities(title, normalise(abstract).text)


@pytest.mark.parametrize(("name", "expected"), [
    ("ResNet-101", True), ("Qwen2.5-7B", True), ("YOLOv8-S", True), ("ViT-L/14", True), ("Llama-3", True),
    ("CIFAR-10", False), ("VGGSound", False), ("MMLU", False), ("BERTScore", False),
])
def test_model_family(name, expected):
    assert is_model_family(name) is expected


# (title, abstract, expected method)
METHOD_CASES = [
    ("DeepFoo -A Learning Framework for Satellite Imagery", "We classify tiles.", "DeepFoo"),
    ("Learning to Rank - A Study", "We rank.", None),
    ("Detecting Events", "To address this, we present Event Dual Aggregation Detector (Ev-DAD), a framework. We also introduce Hierarchical Aggregation (HA).", "Ev-DAD"),
    ("Faster Sparse Training", "We get there by developing sparse drift, an algorithm that moves weights. It works.", "sparse drift"),
    ("Tuning Text Encoders with Paraphrases", "Our resulting model, which we call ParaFoo, improves retrieval by 2.0%.", "ParaFoo"),
    ("GlowNet: Fast Relighting of Portraits", "We study relighting.", "GlowNet"),
    # a title head that reads as a slogan names no method
    ("Seeing What Counts: Relighting Portraits", "We study relighting.", None),
    ("Light Is Enough: Relighting Portraits", "We study relighting.", None),
    ("Gated Light Mixer: Relighting Portraits", "We study relighting.", "Gated Light Mixer"),
    # an acronym in brackets after the proposal, whatever the case of the words before it
    ("Relighting Portraits", "This paper presents a novel light-mixing residual model (LMR-Net) for portraits.", "LMR-Net"),
    ("Relighting Portraits", "We propose a new method named dual light mixing (DLM), with two parts.", "DLM"),
    ("Relighting Portraits", "Our model, the Light Mixer, relights faces. It is fast.", "Light Mixer"),
    # a name written in lower case with a digit or capital in it
    ("speech2vec 3.0: Learning Voices from Raw Audio", "We learn voices.", "speech2vec 3.0"),
    ("iGLOW: Relighting in the Wild", "We relight.", "iGLOW"),
    ("towards better relighting: a survey", "We review relighting.", None),
    ("Team Foo at SemEval-2020 Task 4: Commonsense Validation", "We describe our system.", "Team Foo"),
    ("QX@Lab at eRisk 2025: Early Signals", "We describe our system.", "QX@Lab"),
    ("Quiet Experts: Sparse Mixtures for Speech", "We propose Quiet Experts (QEx), a sparse model.", "QEx"),
    ("Learning to Relight", "We carefully design the Gated Residual Mixer (GRM) for relighting.", "GRM"),
    ("Relighting at Scale", "We propose and evaluate an intermediate Light Mixing Module (LMM).", "LMM"),
    ("Relighting Portraits", "We propose to use GPT-4 to label images. Our model, LumaNet, is small. LumaNet wins.", "LumaNet"),
    ("Learning Pipelines", "Second, the ABC-YOLO framework is proposed for small targets.", "ABC-YOLO"),
    # a benchmark the title announces is not the method
    ("TutorBench: A Benchmark for Evaluating Tutors", "We introduce TutorBench, a benchmark of lessons.", None),
    ("A Study of Tutors", "Nothing here is named.", None),
    # a method named in words, with the apposition that says what it is
    ("Faster Sparse Training", "We propose sparse momentum, an algorithm that redistributes weights.", "sparse momentum"),
    # the title's own words when nothing else names it; a topic or a task is no method
    ("Certified Robustness via Randomized Smoothing", "We certify classifiers.", "Randomized Smoothing"),
    ("Factor Graph Attention", "We attend over utterances.", "Factor Graph Attention"),
    ("Reading Charts with Large Language Models", "We test readers.", None),
    ("Handwritten Digit Recognition", "We classify digits.", None),
    # a capitalised head before "for" names the method; a gerund or a topic there does not
    ("Gated Echo Memory for Streaming Speech", "We improve accuracy by 2%.", "Gated Echo Memory"),
    ("Mitigating Bias for Question Answering", "We improve accuracy by 2%.", None),
    # an acronym in brackets after "and propose ...", and one of two words
    ("Cascade Tagging for Triples", "We revisit the task and propose a novel cascade binary tagging framework (CASREQ).", "CASREQ"),
    ("hybrid transformers for separation", "We introduce Hybrid Transformer Demucz (HT Demucz), a bi-U-Net.", "HT Demucz"),
    # "our proposed X" names the method; not when X is a data set or a part of the method
    ("Semantic Parsing for Re-identification", "Our proposed SPReQ integrates parsing and beats the baseline.", "SPReQ"),
    ("Semantic Parsing for Re-identification", "The proposed FooSet dataset holds 9k people.", "Semantic Parsing"),
    # the acronym after the name's other words, when they end in a method noun
    ("Golf Swing Reconstruction From a Smartwatch", "The proposed Wrist-IMU Temporal Kinematic Network (WIT-KinNet) "
     "estimates joint angles.", "WIT-KinNet"),
    ("Golf Swing Reconstruction From a Smartwatch", "The proposed Wrist-IMU Direction of Arrival (DoA) cues "
     "help.", "Wrist-IMU"),
    ("Transductive Inference for Few-Shot Classification", "We propose a network (coined as TRIDENT) to decouple "
     "the representation.", "TRIDENT"),
    ("Efficient Transformers for Long Documents", "We improve accuracy by 2%.", None),
    # the head of a benchmark the paper develops is not its method, written twice or not
    ("Generating Constitutions for Safety", "We develop the ASIMOV Benchmark, a set of scenes. We reach 84.3% on the ASIMOV Benchmark.", None),
    # a word of the title's task ("for HER2 Scoring") is not the method, however often it recurs
    ("Contrasting Features for HER2 Scoring using Deep Learning", "HER2 matters. We grade HER2 slides and reach 83% accuracy.", None),
    # an acronym of a plain noun phrase (a task, a quantity) or a plural one is no method; one of a network is
    ("Attacks on Forecasting Models", "Trajectory Prediction (TP) is key. TP models fail: attacks raise TP errors by 29%.", None),
    ("Probing Small Models", "Small Language Models (SLMs) are cheap. We prune SLMs and keep 98% accuracy.", None),
    ("Fusion for Scene Parsing", "A gated fusion network (GFN) helps. GFN reaches 81.2 mIoU; GFN is fast.", "GFN"),
    ("Scoring Slides", "Immunohistochemistry (IHC) is key. IHC slides vary; on IHC data a model reaches 83%.", None),
    ("Privacy in Agents", "LLM-based agents leak data. LLM-based systems fail in 71% of scenarios.", None),
    # a title's name of several words goes by the acronym the abstract gives it; one word stays itself
    ("Routes-over-Maps: Reasoning with Graphs", "We propose Routes-over-Maps (RoM), a method. It gains 3.1%.", "RoM"),
    ("Dual View Merging for Point Clouds", "Our Dual-View Merging (DVM) framework reaches 55.5 mIoU.", "DVM"),
    ("PhonemeForge: Spotting Fakes", "We build PhonemeForge (PF), a detector reaching 91% accuracy.", "PhonemeForge"),
    ("Sparse Probes: Reading Features", "We train Sparse Probes (SPs) on activations; they gain 3.1%.", "Sparse Probes"),
]


@pytest.mark.parametrize(("title", "abstract", "method"), METHOD_CASES, ids=[c[0][:30] for c in METHOD_CASES])
def test_method(title, abstract, method):
    assert table(title, abstract).method == method


# (title, abstract, expected surface of the paper's one benchmark, or None)
PAPER_BENCHMARK_CASES = [
    ("ChartBench-V: A Primary Assessment of Chart Reading", "Models do badly on ChartBench-V.", "ChartBench-V"),
    ("", "We introduce a new benchmark for chart reasoning (ChartQX), with 2,000 items. Models fail.", "ChartQX"),
    ("", "We introduce LessonQA, a new benchmark of 2,000 lessons. Models fail.", "LessonQA"),
    ("", "We introduce TARQ: a dataset of 16k images. Models trail humans by 12%.", "TARQ"),
    ("", "We introduce SpaRQ, a curated database of 26 sets. Our model cuts the error by 8%.", "SpaRQ"),
    ("", "We release the ChartMaze dataset for chart reasoning.", "ChartMaze"),
    # a capitalised noun is part of the name; an acronym in brackets after it is its short name
    ("", "We develop the ASIMOV Benchmark for robot safety. Models reach 84.3%.", "ASIMOV Benchmark"),
    # a coded name right after the data noun, when a verb of bringing comes before it
    ("", "We develop and release the largest publicly available table recognition dataset PubTabNet, of 568k images. "
         "The EDD model beats the state of the art by 9.7% absolute TEDS score.", "PubTabNet"),
    ("", "This study introduces the India Pathology Breast Cancer Dataset (IPD-Breast), of 1,272 slides. "
         "For HER2 3-way classification a ConvNeXt reaches 83.56% accuracy.", "IPD-Breast"),
    ("FQuAD: French Question Answering Dataset", "We introduce the French Question Answering Dataset (FQuAD). A baseline reaches 92.2 F1.", "FQuAD"),
    ("", "As our new benchmark, DocHunt, shows, retrieval is hard.", "DocHunt"),
    ("Team Foo at SemEval-2020 Task 4: Commonsense Validation", "Our system reaches 90.2% on the task.",
     "SemEval-2020 Task 4"),
    # an event a title says the system took part in, without a task number; not a title's phrase
    ("QX@Lab at eRisk 2025: Early Signals", "Our system reaches DCHR = 0.50.", "eRisk 2025"),
    ("Learning at Scale 2020 and Beyond", "Our system reaches 0.50 F1.", None),
    ("", "We evaluate on ImageNet-1K only.", "ImageNet-1K"),
    # a name ending in a year before its noun; a name set as the benchmark; a sentence's first word is no part of it
    ("", "Using the SOILX 2018 dataset, we train several regressors. The best reaches an R2 of 0.54.", "SOILX 2018"),
    ("", "Using PlanOpsBench as the primary benchmark, we fine-tune two models. Both improve.", "PlanOpsBench"),
    # an acronym in brackets before a singular data-set noun; not one that names a kind of data
    ("", "The Segmentation of tissue in melanoma (PUMX) challenge asks for masks. We reach a Dice of 0.75.", "PUMX"),
    ("", "We adapt to out-of-distribution (OOD) datasets. We reach a mIoU gain of 13%.", None),
    # an imaging modality is no data set ("CT slices"), nor a metric written "RPD of 2.07"
    ("", "Prior work used the LesionSet dataset (32,120 CT slices). Our detector gains 6.5% in sensitivity.", "LesionSet"),
    # a shared task written in lower case
    ("", "On the WNUT 2020 task 2 test set our tagger reaches 0.91 F1.", "WNUT 2020 task 2"),
    # a task's acronym the abstract defines is no data set
    ("", "Out-of-distribution (OOD) detection matters. We detect OOD inputs on several benchmarks. Our method cuts the FPR by 24.77%.", None),
    # two benchmarks: no one benchmark to inherit
    ("", "We evaluate on ImageNet-1K and CIFAR-100.", None),
    # a pre-training set is not what the paper evaluates on
    ("", "Models are pre-trained on ImageNet-21K and evaluated on CIFAR-100.", "CIFAR-100"),
    # what a model takes from a data set is not what it is tested on
    ("", "Starting from ImageNet weights, our detector gets 71.0 AP on a new farm data set.", None),
    ("", "Inputs use ImageNet normalization. The classifier reaches 93% on our held-out split.", None),
    ("", "Compared with backbones pretrained on the generic ImageNet collection, ours wins by 4%.", None),
    ("", "ImageNet-supervised encoders bind objects less well; the probe reaches 90% accuracy.", None),
    ("", "Encoders initialized from ImageNet checkpoints are fine-tuned and tested on CIFAR-10.", "CIFAR-10"),
    # a spelled-out name whose acronym stands in brackets before the data noun; not an apposition's
    ("CARDIO: Heart Anomaly Recognition with Images and Records",
     "We introduce the Heart Anomaly Recognition with Images and Records (CARDIO) dataset. Our model reaches "
     "an F1 score of 79.8% in the CARDIO dataset.", "CARDIO"),
    # a one-word title head the abstract reports a number on is what the paper evaluates on
    ("ULX: Towards Vague Navigation", "We introduce a new setting, namely Vague vision-and-Language Navigation (ULX). "
     "Our framework outperforms the baselines on ULX by ~10% relative success rate.", "ULX"),
    ("DimMix: Structured Agent Memory", "Built on the DimMix schema, a 7B model achieves 81.43% accuracy.", None),
    ("DIVO: Diverse Synthetic Tasks", "Training a 8B model on DIVO data improves by +22 points across 9 benchmarks.", None),
    # a plural acronym's singular is the same concept: no data set ("CHD detection"), nor "KG-grounded"
    ("", "Congenital Heart Diseases (CHDs) are rare. Our model improves CHD detection by 11% on the CHD dataset.", None),
    ("", "Knowledge graphs (KGs) help. On KG-grounded questions our method gains 17.1%.", None),
    # a name with a descriptive word hyphenated on is a description, whatever its head
    ("", "Experiments on UAV-based imagery show that our detector gains 2.5% in mAP.", None),
]


@pytest.mark.parametrize(("title", "abstract", "expected"), PAPER_BENCHMARK_CASES,
                         ids=[(c[0] or c[1])[:30] for c in PAPER_BENCHMARK_CASES])
def test_evaluation_benchmark(title, abstract, expected):
    got = table(title, abstract).evaluation_benchmark
    assert (got.surface if got else None) == expected


def test_acronym_of_an_apposition_is_not_what_the_verb_brings():
    """"We introduce FooBBQ, an extension of the ... (BBQ) dataset": the paper brings FooBBQ, not BBQ."""
    got = table("", "We introduce FooBBQ, an extension of the original Bias Benchmark for Question "
                    "Answering (BBQ) dataset. Accuracy rises by 12%.").introduced_keys
    assert "bbq" not in got


def test_model_written_as_subject_is_excluded_everywhere():
    t = table("", "FooNet achieves the best results. We also report numbers on FooNet and on KITTI.")
    assert t.excluded("FooNet", None)
    assert not t.excluded("KITTI", None)


def test_trained_on_introduced_resource_is_the_subject():
    t = table("Bamboo: Building a Mega-Scale Vision Dataset",
              "We build a vision dataset, Bamboo. Models pre-trained on Bamboo transfer well.")
    assert t.method == "Bamboo"


def test_lexicon_errors_name_file_and_entry(tmp_path):
    text = LEXICON_PATH.read_text(encoding="utf-8")
    path = tmp_path / "attribution.toml"
    path.write_text(text.replace("training_after = '''", "training_after = '''(unclosed", 1), encoding="utf-8")
    with pytest.raises(EntityLexiconError) as err:
        load_entity_lexicon(path)
    assert str(path) in str(err.value) and "entities.training_after" in str(err.value)

    path.write_text(text.replace('model_families = [', 'model_family = [', 1), encoding="utf-8")
    with pytest.raises(EntityLexiconError, match="model_famil"):
        load_entity_lexicon(path)

    path.write_text(text.replace('model_families = [', 'model_families = ["", ', 1), encoding="utf-8")
    with pytest.raises(EntityLexiconError, match="entities.model_families"):
        load_entity_lexicon(path)


def test_unbounded_scan_patterns_drop_only_repeat_bounds():
    import re

    from extractor.entities import _unbounded, lexicon

    assert _unbounded(re.compile(r"a\s+(?:\w+\s+){0,4}?b")).pattern == r"a\s+(?:\w+\s+){0,}?b"
    plain = re.compile(r"ab+c")
    assert _unbounded(plain) is plain
    # a rewrite that would change more than a bound (an escaped brace) keeps the pattern itself
    braces = re.compile(r"x\{1,2}")
    assert _unbounded(braces) is braces
    lex = lexicon()
    text = ("We propose FooNet, a model called BarNet (BN). This paper presents a novel Graph-regulated "
            "Sparse Mamba model (GDS-Mamba). We release the QuxQA dataset, a benchmark for charts.")
    for own, scan in zip(lex.proposed + lex.introducing, lex.proposed_scan + lex.introducing_scan):
        assert scan.flags == own.flags
        if own.search(text):
            assert scan.search(text)
