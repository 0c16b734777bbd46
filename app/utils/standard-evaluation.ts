/**
 * The standard evaluation every new programme's feedback form starts from. Its questions carry `metric`
 * keys, which is how reports find "% extremely useful", "% would recommend" and the confidence uplift
 * whatever an organiser later renames the wording to.
 */
import { USEFULNESS_SCALE, type QuestionConfig, type QuestionType } from "../../domain/vocabulary";

export type QuestionDefinition = {
  type: QuestionType;
  metric: string | null;
  prompt: string;
  hint?: string;
  required: boolean;
  config: QuestionConfig;
};

export const METRICS = {
  usefulness: "usefulness",
  recommend: "recommend",
  confidenceBefore: "confidence_before",
  confidenceAfter: "confidence_after",
  recommendScore: "recommend_score",
  quote: "quote",
} as const;

const CONFIDENCE: QuestionConfig = { min: 1, max: 5, minLabel: "Not at all confident", maxLabel: "Very confident" };

export const STANDARD_EVALUATION: QuestionDefinition[] = [
  {
    type: "single_choice",
    metric: METRICS.usefulness,
    prompt: "How useful was the session?",
    required: true,
    config: { options: [...USEFULNESS_SCALE] },
  },
  {
    type: "yes_no",
    metric: METRICS.recommend,
    prompt: "Would you recommend this session to colleagues?",
    required: true,
    config: { options: ["Yes", "No"] },
  },
  {
    type: "scale",
    metric: METRICS.confidenceBefore,
    prompt: "Before the session, how confident did you feel about the topic?",
    hint: "1 is not at all confident, 5 is very confident.",
    required: true,
    config: CONFIDENCE,
  },
  {
    type: "scale",
    metric: METRICS.confidenceAfter,
    prompt: "After the session, how confident do you feel about the topic?",
    hint: "1 is not at all confident, 5 is very confident.",
    required: true,
    config: CONFIDENCE,
  },
  {
    type: "long_text",
    metric: null,
    prompt: "What will you do differently as a result of this session?",
    required: false,
    config: { maxLength: 2000 },
  },
  {
    type: "quote",
    metric: METRICS.quote,
    prompt: "Is there anything you would like to say about the session that we could share?",
    hint: "We may use comments in reports and publicity, only if you say we can.",
    required: false,
    config: { maxLength: 1000 },
  },
];
