/**
 * The standard evaluation every new programme's feedback form starts from. Its questions carry `metric`
 * keys, which is how reports find "% extremely useful", "% would recommend" and the confidence uplift
 * whatever an organiser later renames the wording to. The follow-up weeks later, to the attendee and to their
 * line manager, starts from the two lists at the end (ADR 026).
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
  applied: "applied",
  appliedFrequency: "applied_frequency",
  confidenceFollowUp: "confidence_follow_up",
  barriers: "barriers",
  managerChange: "manager_change",
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
    required: true,
    config: CONFIDENCE,
  },
  {
    type: "scale",
    metric: METRICS.confidenceAfter,
    prompt: "After the session, how confident do you feel about the topic?",
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

/** How often the learning has been used, most first: every answer but the last means it has been used. */
export const FREQUENCY_SCALE = ["Often (most weeks)", "Sometimes (a few times)", "Once", "Not yet"] as const;

/** What a line manager has seen: the first two are "a change"; the last means they could not say. */
export const CHANGE_SCALE = ["Yes, a clear change", "Yes, some change", "No change yet", "I have not had the chance to see"] as const;

export const STANDARD_FOLLOW_UP: QuestionDefinition[] = [
  {
    type: "yes_no",
    metric: METRICS.applied,
    prompt: "Since the session, have you used what you learned in your work?",
    required: true,
    config: { options: ["Yes", "No"] },
  },
  {
    type: "single_choice",
    metric: METRICS.appliedFrequency,
    prompt: "How often have you used it?",
    required: false,
    config: { options: [...FREQUENCY_SCALE] },
  },
  {
    type: "quote",
    metric: METRICS.quote,
    prompt: "Tell us about a time you used what you learned",
    hint: "Leave out names and anything that could identify anyone. We may use your example in reports, only if you say we can.",
    required: false,
    config: { maxLength: 1000 },
  },
  {
    type: "scale",
    metric: METRICS.confidenceFollowUp,
    prompt: "Now, how confident do you feel about the topic?",
    hint: "The same scale as on the day.",
    required: true,
    config: CONFIDENCE,
  },
  {
    type: "long_text",
    metric: METRICS.barriers,
    prompt: "Has anything got in the way of using what you learned?",
    required: false,
    config: { maxLength: 2000 },
  },
];

export const STANDARD_MANAGER: QuestionDefinition[] = [
  {
    type: "single_choice",
    metric: METRICS.managerChange,
    prompt: "Since the training, have you seen a change in how they respond to the issues it covered?",
    required: true,
    config: { options: [...CHANGE_SCALE] },
  },
  {
    type: "long_text",
    metric: null,
    prompt: "What have you noticed?",
    hint: "Leave out names of anyone they work with or support.",
    required: false,
    config: { maxLength: 2000 },
  },
];
