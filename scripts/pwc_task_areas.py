"""Which registry area a Papers with Code task belongs to: a keyword table (see AREAS in extractor/registry.py)."""

from __future__ import annotations

import re

# PwC task keyword -> registry area; the first keyword found in the lower-cased task wins, so the
# more specific areas come first ("medical image segmentation" is medical, not cv).
AREA_BY_TASK_WORD: tuple[tuple[str, str], ...] = (
    ("medical", "medical"), ("polyp", "medical"), ("retinal", "medical"), ("lesion", "medical"), ("tumo", "medical"),
    ("nucle", "medical"), ("cell segmentation", "medical"), ("brain", "medical"), ("liver", "medical"),
    ("pancreas", "medical"), ("lung", "medical"), ("skin cancer", "medical"), ("pneumonia", "medical"),
    ("arrhythmia", "medical"), ("atrial", "medical"), ("sleep", "medical"), ("respiratory", "medical"),
    ("circulatory", "medical"), ("length-of-stay", "medical"), ("disease", "medical"), ("clinical", "medical"),
    ("surgical", "medical"), ("fundus", "medical"), ("x-ray", "medical"), ("gland", "medical"), ("spindle", "medical"),
    ("heart rate", "medical"), ("drug", "medical"), ("biomedical", "medical"),
    ("molecul", "science"), ("protein", "science"), ("formation energy", "science"), ("jet tagging", "science"),
    ("relaxed energy", "science"), ("retrosynthesis", "science"), ("stress-strain", "science"),
    ("scientific", "science"), ("weather", "science"),
    ("atari", "rl"), ("smac", "rl"), ("continuous control", "rl"), ("offline rl", "rl"), ("d4rl", "rl"),
    ("openai gym", "rl"), ("montezuma", "rl"), ("control with", "rl"),
    ("robot", "robotics"), ("grasping", "robotics"), ("navigation", "robotics"), ("drone", "robotics"),
    ("trajectory prediction", "driving"), ("motion forecasting", "driving"), ("autonomous driving", "driving"),
    ("lane detection", "driving"), ("drivable", "driving"), ("birds eye view", "driving"),
    ("traffic accident", "driving"), ("accident anticipation", "driving"), ("vehicle", "driving"),
    ("code", "code"), ("program", "code"), ("sql", "code"),
    ("math", "math"), ("arithmetic", "math"), ("theorem", "math"),
    ("recommendation", "recsys"), ("click-through", "recsys"), ("collaborative filtering", "recsys"),
    ("scene graph", "cv"), ("image-to-image", "cv"), ("node", "graph"), ("link", "graph"), ("graph", "graph"), ("entity alignment", "graph"),
    ("time series", "timeseries"), ("traffic", "timeseries"), ("sales forecasting", "timeseries"),
    ("imputation", "timeseries"), ("change point", "timeseries"),
    ("hate speech", "nlp"), ("speech", "speech"), ("speaker", "speech"), ("lipreading", "speech"), ("keyword spotting", "speech"),
    ("spoken", "speech"), ("pronunciation", "speech"), ("pronounciation", "speech"),
    ("audio", "audio"), ("music", "audio"), ("sound", "audio"), ("beat", "audio"), ("instrument", "audio"),
    ("cover song", "audio"),
    ("visual question", "multimodal"), ("vqa", "multimodal"), ("caption", "multimodal"), ("text-to-image", "multimodal"),
    ("cross-modal", "multimodal"), ("image-text", "multimodal"), ("referring", "multimodal"), ("grounding", "multimodal"),
    ("visual dialog", "multimodal"), ("visual entailment", "multimodal"), ("visual reasoning", "multimodal"),
    ("visual storytelling", "multimodal"), ("vision-language", "multimodal"), ("vision and language", "multimodal"),
    ("text based person", "multimodal"), ("composed image", "multimodal"), ("chart", "multimodal"),
    ("multimodal", "multimodal"), ("multi-modal", "multimodal"), ("story ending", "multimodal"),
    ("text-based image", "multimodal"),
    ("video", "video"), ("action", "video"), ("activity", "video"), ("moment retrieval", "video"),
    ("tracking", "video"), ("gesture", "video"), ("sign language", "video"), ("temporal", "video"),
    ("3d", "3d"), ("point cloud", "3d"), ("6d pose", "3d"), ("lidar", "3d"), ("surface normal", "3d"),
    ("scene flow", "3d"), ("mesh", "3d"), ("novel view", "3d"), ("stereo", "3d"), ("depth", "3d"),
    ("retrieval", "retrieval"), ("re-ranking", "retrieval"), ("bitext mining", "retrieval"),
    ("table", "tabular"), ("column type", "tabular"), ("fraud", "tabular"), ("tabular", "tabular"),
    ("language understanding", "llm"), ("common sense", "llm"), ("commonsense", "llm"),
    # PwC's "prompt engineering" boards are few-shot image classification with CLIP-style models.
    ("prompt engineering", "cv"),
    ("question", "nlp"), ("language", "nlp"), ("text", "nlp"), ("entity", "nlp"), ("relation", "nlp"),
    ("sentiment", "nlp"), ("parsing", "nlp"), ("translation", "nlp"), ("summarization", "nlp"),
    ("dialog", "nlp"), ("ner", "nlp"), ("word", "nlp"), ("sentence", "nlp"), ("semantic role", "nlp"),
    ("coreference", "nlp"), ("intent", "nlp"), ("slot filling", "nlp"), ("chunking", "nlp"), ("tagging", "nlp"),
    ("reading comprehension", "nlp"), ("inference", "nlp"), ("paraphrase", "nlp"), ("sarcasm", "nlp"),
    ("humor", "nlp"), ("hate speech", "nlp"), ("fake news", "nlp"), ("fact", "nlp"), ("essay", "nlp"),
    ("emotion", "nlp"), ("mention", "nlp"), ("extraction", "nlp"), ("response", "nlp"), ("topic", "nlp"),
    ("hypernym", "nlp"), ("taxonomy", "nlp"), ("normalisation", "nlp"), ("normalization", "nlp"),
    ("chatbot", "nlp"), ("ccg", "nlp"), ("meme", "multimodal"), ("condescension", "nlp"), ("diacritization", "nlp"),
    ("acceptability", "nlp"), ("similarity", "nlp"), ("coherence", "nlp"), ("citation", "nlp"),
    ("grammatical", "nlp"), ("spelling", "nlp"), ("subjectivity", "nlp"), ("grammar induction", "nlp"),
    ("disentanglement", "nlp"), ("long-range modeling", "nlp"), ("story continuation", "multimodal"),
    ("motion synthesis", "cv"), ("document layout", "cv"), ("noise removal", "cv"), ("distortion", "cv"),
    ("mnist", "cv"), ("pre-training", "cv"),
    ("image", "cv"), ("segmentation", "cv"), ("detection", "cv"), ("object", "cv"), ("face", "cv"), ("facial", "cv"),
    ("pose", "cv"), ("super-resolution", "cv"), ("denois", "cv"), ("deblur", "cv"), ("derain", "cv"), ("dehaz", "cv"),
    ("person", "cv"), ("re-identification", "cv"), ("place recognition", "cv"), ("geolocation", "cv"),
    ("localization", "cv"), ("counting", "cv"), ("matting", "cv"), ("inpainting", "cv"), ("colorization", "cv"),
    ("keypoint", "cv"), ("landmark", "cv"), ("optical flow", "cv"), ("scene", "cv"), ("domain adaptation", "cv"),
    ("domain generalization", "cv"), ("few-shot", "cv"), ("zero-shot", "cv"), ("clustering", "cv"),
    ("classification", "cv"), ("recognition", "cv"), ("generation", "cv"), ("anomaly", "cv"),
    ("out-of-distribution", "cv"), ("reflection", "cv"), ("shadow", "cv"), ("cloud removal", "cv"),
    ("affordance", "cv"), ("correspondence", "cv"), ("matching", "cv"), ("registration", "cv"),
    ("quality assessment", "cv"), ("compression", "cv"), ("quantization", "cv"), ("pruning", "cv"),
    ("architecture search", "cv"), ("distillation", "cv"), ("continual", "cv"), ("incremental", "cv"),
    ("learning", "cv"), ("try-on", "cv"), ("enhancement", "cv"), ("restoration", "cv"), ("relighting", "cv"),
    ("harmonization", "cv"), ("retouching", "cv"), ("tone-mapping", "cv"), ("edge", "cv"), ("horizon", "cv"),
    ("homography", "cv"), ("superpixel", "cv"), ("spectral", "cv"), ("hallucination", "cv"), ("swapping", "cv"),
    ("parsing", "cv"), ("artifact", "cv"), ("deepfake", "cv"), ("ocr", "cv"), ("handwrit", "cv"), ("spotting", "cv"),
    ("license plate", "cv"), ("gait", "cv"), ("age", "cv"), ("aesthetic", "cv"), ("density estimation", "cv"),
    ("adversarial", "cv"), ("transfer", "cv"), ("outlier", "cv"), ("malware", "tabular"), ("causal", "tabular"),
)


_AREA_WORDS = [(re.compile(r"(?<![a-z])" + re.escape(word)), area) for word, area in AREA_BY_TASK_WORD]


def area_of(task: str) -> str | None:
    """The area of a PwC task: the first keyword that starts a word of it ("action" is not in "extraction")."""
    low = task.lower().replace("_", " ")
    return next((area for word, area in _AREA_WORDS if word.search(low)), None)
