// Ordinary government-service questions the chat checks send when a check needs any answer at all.

export const SAMPLE_PROMPTS = [
  '身份证丢了怎么补办？',
  '公积金租房怎么提取？',
  '营业执照怎么办理？',
  '社保卡丢了怎么补？',
  '新生儿怎么上户口？',
  '异地就医怎么备案？',
  '低保怎么申请？',
  '驾驶证到期怎么换？',
];
