# Step 2 of the classification reference (after make_classification_cases.py): R pROC DeLong and
# bootstrap CIs, paired DeLong and bootstrap tests, McNemar, Wilson (prop.test), Wilcoxon.
# Run once from this folder:  Rscript make_proc_reference.R   -> proc_reference.tsv, tests_reference.tsv
suppressMessages(library(pROC))
out <- data.frame()
for (name in c("small", "hb", "ties")) {
  d <- read.csv(sprintf("cases_%s.csv", name))
  ra <- roc(d$label, d$scoreA, levels = c(0, 1), direction = "<", quiet = TRUE)
  rb <- roc(d$label, d$scoreB, levels = c(0, 1), direction = "<", quiet = TRUE)
  dl <- ci.auc(ra, method = "delong")
  set.seed(1)
  bt <- ci.auc(ra, method = "bootstrap", boot.n = 2000, boot.stratified = TRUE, progress = "none")
  tt <- roc.test(ra, rb, method = "delong", paired = TRUE)
  set.seed(1)
  tb <- roc.test(ra, rb, method = "bootstrap", paired = TRUE, boot.n = 2000, boot.stratified = TRUE,
                 progress = "none")
  okA <- (d$scoreA >= 0.5) == (d$label == 1)
  okB <- (d$scoreB >= 0.5) == (d$label == 1)
  mc <- mcnemar.test(table(factor(okA, c(FALSE, TRUE)), factor(okB, c(FALSE, TRUE))))
  tp <- sum(d$scoreA >= 0.5 & d$label == 1); npos <- sum(d$label == 1)
  pw <- prop.test(tp, npos, correct = FALSE)$conf.int
  out <- rbind(out, data.frame(name = name, aucA = as.numeric(auc(ra)), aucB = as.numeric(auc(rb)),
    delongLo = dl[1], delongHi = dl[3], varA = var(ra, method = "delong"),
    bootLo = bt[1], bootHi = bt[3], delongZ = unname(tt$statistic), delongP = tt$p.value,
    bootTestP = tb$p.value, mcnemarStat = unname(mc$statistic), mcnemarP = mc$p.value,
    sensTp = tp, sensN = npos, wilsonLo = pw[1], wilsonHi = pw[2]))
}
fmt <- function(df) { for (c in names(df)) if (is.numeric(df[[c]])) df[[c]] <- sprintf("%.17g", df[[c]]); df }
con <- file("proc_reference.tsv", "w")
writeLines(sprintf("# made by make_proc_reference.R with %s, pROC %s", R.version.string, packageVersion("pROC")), con)
write.table(fmt(out), con, sep = "\t", quote = FALSE, row.names = FALSE)
close(con)
tests <- data.frame()
for (name in c("tied", "untied")) {
  w <- read.csv(sprintf("wilcoxon_%s.csv", name))
  wn <- suppressWarnings(wilcox.test(w$x, w$y, paired = TRUE, exact = FALSE))
  wd <- suppressWarnings(wilcox.test(w$x, w$y, paired = TRUE))
  tests <- rbind(tests, data.frame(name = name, normalV = unname(wn$statistic), normalP = wn$p.value,
                                   defaultV = unname(wd$statistic), defaultP = wd$p.value))
}
mcx <- data.frame(name = c("mc_7_2", "mc_15_5", "mc_0_3"), b = c(7, 15, 0), c = c(2, 5, 3))
mcx$chiP <- mapply(function(b, c) mcnemar.test(matrix(c(10, c, b, 10), 2))$p.value, mcx$b, mcx$c)
mcx$chiStat <- mapply(function(b, c) unname(mcnemar.test(matrix(c(10, c, b, 10), 2))$statistic), mcx$b, mcx$c)
mcx$exactP <- mapply(function(b, c) binom.test(b, b + c, 0.5)$p.value, mcx$b, mcx$c)
con <- file("tests_reference.tsv", "w")
writeLines(sprintf("# made by make_proc_reference.R with %s", R.version.string), con)
write.table(fmt(tests), con, sep = "\t", quote = FALSE, row.names = FALSE)
writeLines("", con)
write.table(fmt(mcx), con, sep = "\t", quote = FALSE, row.names = FALSE)
close(con)
print(out); print(tests); print(mcx)
