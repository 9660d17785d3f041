"""A local Spark session over a juesuan export, opened as its README says: the one
setup the Spark test (spark_views.py) and the engines benchmark
(benches/spark_views_bench.py) share."""
import pathlib
import tempfile

from pyspark.sql import SparkSession


def session(**conf):
    """Spark local on two cores, quiet, in UTC, writing nothing beside the caller (Spark
    makes spark-warehouse/ in the working directory); `conf` adds settings
    (`spark_driver_memory="12g"` for `spark.driver.memory`)."""
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("juesuan")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="juesuan-spark-"))
        .config("spark.sql.session.timeZone", "UTC")
    )
    for key, value in conf.items():
        builder = builder.config(key.replace("_", "."), value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_init(spark, export: pathlib.Path):
    """The export's spark/init.sql, statement by statement: its views over every dataset
    and the canned views."""
    for statement in (export / "spark" / "init.sql").read_text().split(";\n"):
        if statement.strip():
            spark.sql(statement)
